package dev.keel.detect.rule;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns one YAML document of a rule file into a {@link Rule}. Sigma's metadata (status,
 * description, references, author, date, tags, logsource, falsepositives, fields...) and
 * custom top-level attributes are accepted and not interpreted; {@code detection},
 * {@code correlation} and {@code actions} are checked strictly.
 */
final class RuleDocumentParser {

    /** The largest count a correlation condition may name: windows keep up to that many entries per key. */
    static final long MAX_COUNT = 100_000;

    private static final Pattern TIMESPAN = Pattern.compile("(\\d{1,9})([smhd])");

    private final FieldTable fields;
    private final DetectionCompiler detections;

    RuleDocumentParser(FieldTable fields, DetectionCompiler detections) {
        this.fields = fields;
        this.detections = detections;
    }

    /**
     * @param fallbackId the id a rule without one gets: the file name, with {@code #n} for the
     *     n-th document of a multi-document file
     */
    Rule parse(Map<?, ?> document, Path file, String fallbackId) throws RuleException {
        // Every problem of the document's attributes is reported together with the detection's.
        Problems problems = new Problems();
        String title = problems.orElse(() -> text(document.get("title"), "title"), null);
        if (title == null || title.isBlank()) {
            problems.add("title is missing");
        }
        String id = problems.orElse(() -> text(document.get("id"), "id"), null);
        String name = problems.orElse(() -> text(document.get("name"), "name"), null);
        Level level = problems.orElse(() -> Level.parse(document.get("level"), "level"), Level.MEDIUM);
        List<ActionSpec> actions = problems.orElse(() -> ActionParser.actions(document.get("actions")), List.of());
        String shown = title == null ? "" : title; // compiled anyway, so that its problems are reported too
        Rule rule = problems.orElse(() -> body(document, file, fallbackId, id, name, shown, level, actions), null);
        problems.throwIfAny();
        return rule;
    }

    private Rule body(Map<?, ?> document, Path file, String fallbackId, String id, String name, String title,
            Level level, List<ActionSpec> actions) throws RuleException {
        String fingerprint = String.valueOf(document);
        Object detection = document.get("detection");
        Object correlation = document.get("correlation");
        if (detection != null && correlation != null) {
            throw new RuleException("a rule has either 'detection' or 'correlation', not both");
        }
        String ruleId = id != null ? id : fallbackId;
        if (detection != null) {
            if (document.containsKey("generate")) {
                throw new RuleException("'generate' belongs to correlation rules");
            }
            return new DetectionRule(ruleId, name, title, level, file, detections.compile(detection), actions,
                    fingerprint, LogSource.parse(document.get("logsource")));
        }
        if (correlation != null) {
            return correlation(correlation, document.get("generate"), ruleId, name, title, level, file, actions,
                    fingerprint);
        }
        if (document.containsKey("filter")) {
            throw new RuleException("Sigma filter rules ('filter:') are unsupported");
        }
        throw new RuleException("neither 'detection' nor 'correlation' is present");
    }

    private Rule correlation(Object section, Object topGenerate, String id, String name, String title, Level level,
            Path file, List<ActionSpec> actions, String fingerprint) throws RuleException {
        if (!(section instanceof Map<?, ?> map)) {
            throw new RuleException("correlation must be a map");
        }
        CorrelationType type = null;
        List<String> sources = null;
        List<FieldRef> groupBy = List.of();
        Duration timespan = null;
        Object condition = null;
        Object generate = topGenerate;
        Map<String, Map<String, FieldRef>> aliases = Map.of();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = String.valueOf(entry.getKey());
            Object value = entry.getValue();
            switch (key) {
                case "type" -> type = correlationType(value);
                case "rules" -> sources = strings(value, "correlation.rules");
                case "group-by" -> groupBy = strings(value, "correlation.group-by").stream().map(fields::field).toList();
                case "timespan" -> timespan = timespan(value);
                case "condition" -> condition = value;
                case "generate" -> generate = value;
                case "aliases" -> aliases = aliases(value);
                default -> throw new RuleException("unsupported correlation attribute '" + key + "'");
            }
        }
        if (type == null) {
            throw new RuleException("correlation.type is missing");
        }
        if (sources == null || sources.isEmpty()) {
            throw new RuleException("correlation.rules is missing");
        }
        if (timespan == null) {
            throw new RuleException("correlation.timespan is missing");
        }
        if (generate != null && !(generate instanceof Boolean)) {
            throw new RuleException("generate must be true or false");
        }
        if (type.countsRules()) {
            return temporal(id, name, title, level, file, type, sources, groupBy, timespan, condition, generate,
                    actions, fingerprint, aliases);
        }
        if (!(condition instanceof Map<?, ?> conditionMap)) {
            throw new RuleException("correlation.condition must be a map such as {gte: 5}");
        }
        FieldRef valueField = null;
        Long gt = null;
        Long gte = null;
        Long lt = null;
        Long lte = null;
        Long eq = null;
        Integer percentile = null;
        boolean aggregate = type.aggregates();
        for (Map.Entry<?, ?> entry : conditionMap.entrySet()) {
            String key = String.valueOf(entry.getKey());
            Object bound = entry.getValue();
            switch (key) {
                case "field" -> valueField = fields.field(text(bound, "correlation.condition.field"));
                case "gt" -> gt = aggregate ? bound(key, bound) : count(key, bound);
                case "gte" -> gte = aggregate ? bound(key, bound) : count(key, bound);
                case "lt" -> lt = aggregate ? bound(key, bound) : count(key, bound);
                case "lte" -> lte = aggregate ? bound(key, bound) : count(key, bound);
                case "eq" -> eq = aggregate ? bound(key, bound) : count(key, bound);
                case "percentile" -> percentile = percentile(type, bound);
                default -> throw new RuleException("unsupported correlation condition '" + key
                        + "' (gt, gte, lt, lte, eq, field, percentile)");
            }
        }
        if (gt == null && gte == null && lt == null && lte == null && eq == null) {
            throw new RuleException("correlation.condition needs one of gt, gte, lt, lte, eq");
        }
        if ((type == CorrelationType.VALUE_COUNT || aggregate) && valueField == null) {
            throw new RuleException(type.label() + " needs correlation.condition.field");
        }
        if (type == CorrelationType.EVENT_COUNT && valueField != null) {
            throw new RuleException("event_count takes no correlation.condition.field");
        }
        if (type == CorrelationType.VALUE_PERCENTILE && percentile == null) {
            throw new RuleException("value_percentile needs correlation.condition.percentile (1 to 100)");
        }
        CountCondition counts = new CountCondition(gt, gte, lt, lte, eq);
        if (!aggregate && counts.threshold() > counts.ceiling()) {
            throw new RuleException("correlation.condition " + counts + " can never hold");
        }
        return new CorrelationRule(id, name, title, level, file, type, sources, groupBy, timespan, counts, valueField,
                Boolean.TRUE.equals(generate), actions, fingerprint, aliases, List.of(),
                percentile == null ? 0 : percentile);
    }

    /** A bound on an aggregate: any whole number, negative ones too (a sum of deltas). */
    private static Long bound(String key, Object value) throws RuleException {
        if (!(value instanceof Integer || value instanceof Long)) {
            throw new RuleException("correlation.condition." + key + " must be a whole number, not "
                    + ValueCompiler.describe(value));
        }
        return ((Number) value).longValue();
    }

    private static Integer percentile(CorrelationType type, Object value) throws RuleException {
        if (type != CorrelationType.VALUE_PERCENTILE) {
            throw new RuleException("correlation.condition.percentile belongs to value_percentile");
        }
        if (!(value instanceof Integer p) || p < 1 || p > 100) {
            throw new RuleException("correlation.condition.percentile must be a whole number from 1 to 100, not "
                    + ValueCompiler.describe(value));
        }
        return p;
    }

    /**
     * {@code temporal} and {@code temporal_ordered}: the condition, if any, counts distinct source
     * rules with lower bounds only (by default all of them must match); the ordered form needs all.
     */
    private Rule temporal(String id, String name, String title, Level level, Path file, CorrelationType type,
            List<String> sources, List<FieldRef> groupBy, Duration timespan, Object condition, Object generate,
            List<ActionSpec> actions, String fingerprint, Map<String, Map<String, FieldRef>> aliases)
            throws RuleException {
        String kind = type == CorrelationType.TEMPORAL ? "temporal" : "temporal_ordered";
        if (sources.size() < 2) {
            throw new RuleException(kind + " correlates at least two rules");
        }
        if (new HashSet<>(sources).size() != sources.size()) {
            throw new RuleException(kind + " lists a rule twice in correlation.rules");
        }
        CountCondition counts = new CountCondition(null, (long) sources.size(), null, null, null);
        if (condition != null) {
            if (!(condition instanceof Map<?, ?> map) || map.isEmpty()) {
                throw new RuleException("correlation.condition must be a map such as {gte: 2}");
            }
            Long gt = null;
            Long gte = null;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = String.valueOf(entry.getKey());
                switch (key) {
                    case "gt" -> gt = count(key, entry.getValue());
                    case "gte" -> gte = count(key, entry.getValue());
                    default -> throw new RuleException(kind + " counts the rules that matched, so its condition "
                            + "takes gt or gte only, not '" + key + "'");
                }
            }
            counts = new CountCondition(gt, gte, null, null, null);
            if (counts.threshold() > sources.size()) {
                throw new RuleException("correlation.condition " + counts + " can never hold with "
                        + sources.size() + " rules");
            }
            if (type == CorrelationType.TEMPORAL_ORDERED && counts.threshold() != sources.size()) {
                throw new RuleException("temporal_ordered needs every rule in order; drop the condition");
            }
        }
        if (generate != null && !(generate instanceof Boolean)) {
            throw new RuleException("generate must be true or false");
        }
        return new CorrelationRule(id, name, title, level, file, type, sources, groupBy, timespan, counts, null,
                Boolean.TRUE.equals(generate), actions, fingerprint, aliases, List.of(), 0);
    }

    /** {@code aliases: {alias: {rule name: field}}}: what a group-by alias stands for in each rule's events. */
    private Map<String, Map<String, FieldRef>> aliases(Object value) throws RuleException {
        if (!(value instanceof Map<?, ?> map) || map.isEmpty()) {
            throw new RuleException("correlation.aliases must map each alias to {rule name: field}");
        }
        Map<String, Map<String, FieldRef>> aliases = new LinkedHashMap<>();
        for (Map.Entry<?, ?> alias : map.entrySet()) {
            String where = "correlation.aliases." + alias.getKey();
            if (!(alias.getValue() instanceof Map<?, ?> byRule) || byRule.isEmpty()) {
                throw new RuleException(where + " must map rule names to fields");
            }
            Map<String, FieldRef> fieldsByRule = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : byRule.entrySet()) {
                String field = text(entry.getValue(), where + "." + entry.getKey());
                if (field == null || field.isBlank()) {
                    throw new RuleException(where + "." + entry.getKey() + " must name a field");
                }
                fieldsByRule.put(String.valueOf(entry.getKey()), fields.field(field));
            }
            aliases.put(String.valueOf(alias.getKey()), Map.copyOf(fieldsByRule));
        }
        return aliases;
    }

    private static CorrelationType correlationType(Object value) throws RuleException {
        String type = String.valueOf(value);
        return switch (type) {
            case "event_count" -> CorrelationType.EVENT_COUNT;
            case "value_count" -> CorrelationType.VALUE_COUNT;
            case "temporal" -> CorrelationType.TEMPORAL;
            case "temporal_ordered" -> CorrelationType.TEMPORAL_ORDERED;
            case "value_sum" -> CorrelationType.VALUE_SUM;
            case "value_avg" -> CorrelationType.VALUE_AVG;
            case "value_percentile" -> CorrelationType.VALUE_PERCENTILE;
            case "value_median" -> CorrelationType.VALUE_MEDIAN;
            default -> throw new RuleException("unsupported correlation type '" + type + "' (supported: event_count, "
                    + "value_count, temporal, temporal_ordered, value_sum, value_avg, value_percentile, value_median)");
        };
    }

    private static Duration timespan(Object value) throws RuleException {
        Matcher m = TIMESPAN.matcher(String.valueOf(value).trim());
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new RuleException("correlation.timespan '" + value + "' is not a positive number followed by s, m, h or d");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    private static Long count(String key, Object value) throws RuleException {
        if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < 0) {
            throw new RuleException("correlation.condition." + key + " must be a whole number >= 0, not "
                    + ValueCompiler.describe(value));
        }
        long count = ((Number) value).longValue();
        if (count > MAX_COUNT) {
            throw new RuleException("correlation.condition." + key + " " + count + " is above the supported "
                    + MAX_COUNT);
        }
        return count;
    }

    private static List<String> strings(Object value, String where) throws RuleException {
        if (value instanceof String s && !s.isBlank()) {
            return List.of(s);
        }
        if (value instanceof List<?> list) {
            List<String> all = new ArrayList<>();
            for (Object item : list) {
                if (!(item instanceof String s) || s.isBlank()) {
                    throw new RuleException(where + " must list names, not " + ValueCompiler.describe(item));
                }
                all.add(s);
            }
            return all;
        }
        throw new RuleException(where + " must be a name or a list of names");
    }

    private static String text(Object value, String where) throws RuleException {
        if (value == null) {
            return null;
        }
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            throw new RuleException(where + " must be a plain value");
        }
        return String.valueOf(value);
    }
}
