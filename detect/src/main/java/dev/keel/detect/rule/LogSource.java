package dev.keel.detect.rule;

import dev.keel.storage.Event;
import java.util.Locale;
import java.util.Map;

/**
 * A Sigma log source: product, category, service, each optional (lower-cased). A rule's
 * {@code logsource} scopes it: the rule is evaluated only on events whose log source has every
 * part the rule names, equal (a rule without one sees every event). An event's log source is
 * its {@code logsource} attribute ({@code {"logsource": {"product": "windows", ...}}}, or the
 * flat keys {@code logsource.product} ...), which clients send or inputs set.
 */
public record LogSource(String product, String category, String service) {

    public static final LogSource ANY = new LogSource(null, null, null);

    public static final String ATTRIBUTE = "logsource";

    public LogSource {
        product = normal(product);
        category = normal(category);
        service = normal(service);
    }

    /** A rule's {@code logsource} section; other keys (definition, custom ones) do not scope. */
    static LogSource parse(Object section) throws RuleException {
        if (section == null) {
            return ANY;
        }
        if (!(section instanceof Map<?, ?> map)) {
            throw new RuleException("logsource must be a map of product, category, service");
        }
        return new LogSource(part(map, "product"), part(map, "category"), part(map, "service"));
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
            return new LogSource(text(map.get("product")), text(map.get("category")), text(map.get("service")));
        }
        return new LogSource(text(attributes.get("logsource.product")), text(attributes.get("logsource.category")),
                text(attributes.get("logsource.service")));
    }

    private static String text(Object value) {
        return value instanceof String || value instanceof Number ? value.toString() : null;
    }

    private static String normal(String part) {
        return part == null || part.isBlank() ? null : part.trim().toLowerCase(Locale.ROOT);
    }

    /** Whether a rule scoped to this log source is evaluated on an event from {@code event}. */
    public boolean admits(LogSource event) {
        return (product == null || product.equals(event.product))
                && (category == null || category.equals(event.category))
                && (service == null || service.equals(event.service));
    }

    private boolean isAny() {
        return product == null && category == null && service == null;
    }

    /** {@code product=windows category=process_creation}, or {@code any}. */
    public String display() {
        if (isAny()) {
            return "any";
        }
        StringBuilder text = new StringBuilder();
        append(text, "product", product);
        append(text, "category", category);
        append(text, "service", service);
        return text.toString();
    }

    private static void append(StringBuilder text, String name, String value) {
        if (value != null) {
            text.append(text.isEmpty() ? "" : " ").append(name).append('=').append(value);
        }
    }
}
