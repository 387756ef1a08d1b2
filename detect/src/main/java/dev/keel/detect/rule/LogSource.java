package dev.keel.detect.rule;

import dev.keel.storage.Event;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A Sigma log source: product, category, service, each optional (lower-cased). A rule's
 * {@code logsource} scopes it: the rule is evaluated only on events whose log source has every
 * part the rule names (a rule without one sees every event). An event's part may hold several
 * values, as Sigma's taxonomy nests some (a Sysmon registry value set is both
 * {@code registry_set} and {@code registry_event}); a rule names at most one per part. An event's
 * log source is its {@code logsource} attribute ({@code {"logsource": {"product": "windows",
 * ...}}}, or the flat keys {@code logsource.product} ...), which clients send, inputs stamp, or
 * field mappings fill in; a part's value is a string or a list of strings.
 */
public record LogSource(Set<String> products, Set<String> categories, Set<String> services) {

    public static final LogSource ANY = new LogSource(Set.of(), Set.of(), Set.of());

    public static final String ATTRIBUTE = "logsource";

    public LogSource {
        products = normal(products);
        categories = normal(categories);
        services = normal(services);
    }

    /** One value (or none, for null) per part: how rules and inputs name a log source. */
    public static LogSource of(String product, String category, String service) {
        return new LogSource(single(product), single(category), single(service));
    }

    private static Set<String> single(String part) {
        return part == null ? Set.of() : Set.of(part);
    }

    /** A rule's {@code logsource} section; other keys (definition, custom ones) do not scope. */
    static LogSource parse(Object section) throws RuleException {
        if (section == null) {
            return ANY;
        }
        if (!(section instanceof Map<?, ?> map)) {
            throw new RuleException("logsource must be a map of product, category, service");
        }
        return of(part(map, "product"), part(map, "category"), part(map, "service"));
    }

    private static String part(Map<?, ?> map, String key) throws RuleException {
        Object value = map.get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof Map<?, ?> || value instanceof Iterable<?>) {
            throw new RuleException("logsource." + key + " must be a plain value");
        }
        return String.valueOf(value);
    }

    /** The event's own log source, from its {@code logsource} attribute (nested or flat keys). */
    public static LogSource of(Event event) {
        Map<String, Object> attributes = event.attributes();
        if (attributes.isEmpty()) {
            return ANY;
        }
        Object nested = attributes.get(ATTRIBUTE);
        if (nested instanceof Map<?, ?> map) {
            return new LogSource(values(map.get("product")), values(map.get("category")), values(map.get("service")));
        }
        return new LogSource(values(attributes.get("logsource.product")), values(attributes.get("logsource.category")),
                values(attributes.get("logsource.service")));
    }

    private static Set<String> values(Object value) {
        if (value instanceof String || value instanceof Number) {
            return Set.of(value.toString());
        }
        if (value instanceof List<?> list) {
            Set<String> all = new LinkedHashSet<>();
            for (Object item : list) {
                if (item instanceof String || item instanceof Number) {
                    all.add(item.toString());
                }
            }
            return all;
        }
        return Set.of();
    }

    private static Set<String> normal(Set<String> part) {
        if (part == null || part.isEmpty()) {
            return Set.of();
        }
        if (part.size() == 1) { // nearly always: spare every event a TreeSet
            String value = part.iterator().next();
            String normal = value == null || value.isBlank() ? null : value.trim().toLowerCase(Locale.ROOT);
            return normal == null ? Set.of() : Set.of(normal);
        }
        Set<String> normal = new TreeSet<>(); // sorted: equal sources display alike
        for (String value : part) {
            if (value != null && !value.isBlank()) {
                normal.add(value.trim().toLowerCase(Locale.ROOT));
            }
        }
        return Collections.unmodifiableSet(normal);
    }

    /** This log source with each part it lacks taken from {@code filler}. */
    public LogSource orElse(LogSource filler) {
        return new LogSource(products.isEmpty() ? filler.products : products,
                categories.isEmpty() ? filler.categories : categories, services.isEmpty() ? filler.services : services);
    }

    /** The {@code logsource} attribute that says this log source (parts with one value as plain strings). */
    public Map<String, Object> asAttribute() {
        Map<String, Object> attribute = new LinkedHashMap<>();
        put(attribute, "product", products);
        put(attribute, "category", categories);
        put(attribute, "service", services);
        return Collections.unmodifiableMap(attribute);
    }

    private static void put(Map<String, Object> attribute, String name, Set<String> values) {
        if (values.size() == 1) {
            attribute.put(name, values.iterator().next());
        } else if (!values.isEmpty()) {
            attribute.put(name, List.copyOf(values));
        }
    }

    /** Whether a rule scoped to this log source is evaluated on an event from {@code event}. */
    public boolean admits(LogSource event) {
        return event.products.containsAll(products) && event.categories.containsAll(categories)
                && event.services.containsAll(services);
    }

    private boolean isAny() {
        return products.isEmpty() && categories.isEmpty() && services.isEmpty();
    }

    /** {@code product=windows category=registry_event,registry_set}, or {@code any}. */
    public String display() {
        if (isAny()) {
            return "any";
        }
        StringBuilder text = new StringBuilder();
        append(text, "product", products);
        append(text, "category", categories);
        append(text, "service", services);
        return text.toString();
    }

    private static void append(StringBuilder text, String name, Set<String> values) {
        if (!values.isEmpty()) {
            text.append(text.isEmpty() ? "" : " ").append(name).append('=').append(String.join(",", values));
        }
    }
}
