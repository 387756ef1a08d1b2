package dev.keel.detect.rule;

import dev.keel.storage.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A field name as a rule uses it, resolved against an {@link Event}: a common field, an
 * attribute key, or a dotted path into nested attribute maps. Each distinct name of a rule set
 * gets an index, so an {@link EventView} can memoise its value once per event for all rules.
 */
public final class FieldRef {

    /** The value of a field the event does not have (as opposed to one that is present and null). */
    public static final Object MISSING = new Object() {
        @Override
        public String toString() {
            return "<missing>";
        }
    };

    private final String name;
    private final int index;
    private final EventField common;
    /** For each dot of the name, what is before and after it: {@link #lookup} without a substring per event. */
    private final String[] heads;
    private final String[] tails;

    /** A field read outside any rule set (a field mapping's), resolved exactly as rules resolve it. */
    public static FieldRef of(String name) {
        return new FieldRef(name, -1);
    }

    FieldRef(String name, int index) {
        this.name = name;
        this.index = index;
        this.common = EventField.named(name);
        List<String> heads = new ArrayList<>();
        List<String> tails = new ArrayList<>();
        for (int dot = name.indexOf('.'); dot > 0 && dot < name.length() - 1; dot = name.indexOf('.', dot + 1)) {
            heads.add(name.substring(0, dot));
            tails.add(name.substring(dot + 1));
        }
        this.heads = heads.toArray(String[]::new);
        this.tails = tails.toArray(String[]::new);
    }

    public String name() {
        return name;
    }

    int index() {
        return index;
    }

    /** The raw value: a String, Number, Boolean, List, Map, null (present but null), or {@link #MISSING}. */
    public Object resolve(Event event) {
        if (common != null) {
            Object value = common.read(event);
            return value == null ? MISSING : value;
        }
        Map<String, Object> attributes = event.attributes();
        if (attributes.containsKey(name)) {
            return attributes.get(name);
        }
        for (int i = 0; i < heads.length; i++) {
            if (attributes.get(heads[i]) instanceof Map<?, ?> child) {
                Object found = lookup(child, tails[i]);
                if (found != MISSING) {
                    return found;
                }
            }
        }
        return MISSING;
    }

    /** The value as the text rules compare against, or null when it is missing, null, a list or a map. */
    public String text(Event event) {
        return EventView.textOf(resolve(event));
    }

    /**
     * An exact key wins ({@code "event.type"} stored flat, as ECS shippers often do); otherwise
     * each dot may separate a map from its child, tried from the left.
     */
    static Object lookup(Map<?, ?> map, String path) {
        if (map.containsKey(path)) {
            return map.get(path);
        }
        for (int dot = path.indexOf('.'); dot > 0 && dot < path.length() - 1; dot = path.indexOf('.', dot + 1)) {
            if (map.get(path.substring(0, dot)) instanceof Map<?, ?> child) {
                Object found = lookup(child, path.substring(dot + 1));
                if (found != MISSING) {
                    return found;
                }
            }
        }
        return MISSING;
    }

    @Override
    public String toString() {
        return name;
    }
}
