package dev.keel.detect.rule;

import dev.keel.storage.Event;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One event as the rules of one rule set see it. Resolves each field at most once and keeps
 * its text and lower-cased text, so 500 case-insensitive rules on a 1 KB message lower-case it
 * once. Used by one thread at a time, for one event.
 */
public final class EventView {

    /** What one field of this event resolved to, and its texts once asked for. */
    private static final class Slot {
        Object value;
        String text;
        String lower;
        boolean textKnown;
    }

    private final Event event;
    /** One per distinct field name of the rule set, filled as rules ask: most events touch few of them. */
    private final Slot[] slots;
    private List<String> keywordTexts;
    private List<String> keywordLowered;

    public EventView(Event event, int fieldCount) {
        this.event = event;
        this.slots = new Slot[fieldCount];
    }

    public Event event() {
        return event;
    }

    private Slot slot(FieldRef field) {
        Slot slot = slots[field.index()];
        if (slot == null) {
            slot = new Slot();
            slot.value = field.resolve(event);
            slots[field.index()] = slot;
        }
        return slot;
    }

    /** The raw value, see {@link FieldRef#resolve(Event)}. */
    public Object value(FieldRef field) {
        return slot(field).value;
    }

    /** The field's scalar value as text, or null when it is missing, null, a list or a map. */
    public String text(FieldRef field) {
        Slot slot = slot(field);
        if (!slot.textKnown) {
            slot.text = textOf(slot.value);
            slot.textKnown = true;
        }
        return slot.text;
    }

    String lowered(FieldRef field) {
        Slot slot = slot(field);
        if (slot.lower == null) {
            String text = text(field);
            slot.lower = text == null ? null : lower(text);
        }
        return slot.lower;
    }

    /**
     * What keyword (field-less) searches look through: every value of the event as text, but for
     * its bookkeeping (event id, source, timestamps, log source), which says nothing about what
     * happened. A value a field mapping copied under another name is there once.
     */
    List<String> keywordTexts() {
        if (keywordTexts == null) {
            List<String> all = new ArrayList<>();
            Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            for (EventField field : EventField.values()) {
                if (field.describesWhatHappened()) {
                    collect(field.read(event), all, seen);
                }
            }
            for (Map.Entry<String, Object> attribute : event.attributes().entrySet()) {
                if (!attribute.getKey().equals(LogSource.ATTRIBUTE)) {
                    collect(attribute.getValue(), all, seen);
                }
            }
            keywordTexts = all;
        }
        return keywordTexts;
    }

    List<String> keywordLowered() {
        if (keywordLowered == null) {
            List<String> texts = keywordTexts();
            List<String> lower = new ArrayList<>(texts.size());
            for (String text : texts) {
                lower.add(lower(text));
            }
            keywordLowered = lower;
        }
        return keywordLowered;
    }

    private static void collect(Object value, List<String> into, Set<Object> seen) {
        if (value == null || !seen.add(value)) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            for (Object child : map.values()) {
                collect(child, into, seen);
            }
        } else if (value instanceof List<?> list) {
            for (Object child : list) {
                collect(child, into, seen);
            }
        } else {
            into.add(textOf(value));
        }
    }

    static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }

    /**
     * The text rules compare against: strings as they are, integral numbers without a fraction
     * ({@code 4625.0} is {@code "4625"}), booleans as {@code true}/{@code false}. Anything else
     * but lists and maps is asked for its {@code toString()} (which may throw: that is a rule
     * failure, recovered per rule).
     */
    static String textOf(Object value) {
        if (value == null || value == FieldRef.MISSING || value instanceof Map<?, ?> || value instanceof List<?>) {
            return null;
        }
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
                return Long.toString((long) d);
            }
            return value.toString();
        }
        if (value instanceof BigDecimal big) {
            return big.stripTrailingZeros().toPlainString();
        }
        return value.toString();
    }

    /** The value as a number for numeric comparisons, or null when it is not one. */
    static BigDecimal numberOf(Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof BigInteger big) {
            return new BigDecimal(big);
        }
        if (value instanceof BigDecimal big) {
            return big;
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            return Double.isFinite(d) ? BigDecimal.valueOf(d) : null;
        }
        if (value instanceof String s && !s.isEmpty() && s.length() < 64) {
            try {
                return new BigDecimal(s.trim());
            } catch (NumberFormatException notNumeric) {
                return null;
            }
        }
        return null;
    }
}
