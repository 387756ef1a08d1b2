package dev.keel.detect.rule;

import dev.keel.detect.rule.FieldKey.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles a rule's {@code detection} section: named selections (a map is AND over its fields,
 * a list of maps is OR over the maps, a list of strings is a keyword search) and the condition
 * over them (a list of conditions is OR).
 */
final class DetectionCompiler {

    /** What a selection or condition that failed to compile stands as while the rest is checked. */
    private static final Detection FAILED = new Detection.AnyOf(List.of());

    private final FieldTable fields;
    private final ValueCompiler values;

    DetectionCompiler(FieldTable fields, ValueCompiler values) {
        this.fields = fields;
        this.values = values;
    }

    /** Compiles the section, or throws one exception naming every problem found in it, not only the first. */
    Detection compile(Object section) throws RuleException {
        if (!(section instanceof Map<?, ?> detection)) {
            throw new RuleException("detection must be a map of selections and a condition");
        }
        Problems problems = new Problems();
        Map<String, Detection> selections = new LinkedHashMap<>();
        Object condition = null;
        for (Map.Entry<?, ?> entry : detection.entrySet()) {
            String name = String.valueOf(entry.getKey());
            switch (name) {
                case "condition" -> condition = entry.getValue();
                case "timeframe" -> problems.add("detection.timeframe (Sigma 1 aggregation) is unsupported; "
                        + "write a correlation rule with a timespan instead");
                // A broken selection still stands in the condition, so the condition's own problems show too.
                default -> selections.put(name, problems.orElse(() -> selection("detection." + name,
                        entry.getValue(), problems), FAILED));
            }
        }
        if (condition == null) {
            problems.add("detection.condition is missing");
        }
        if (selections.isEmpty()) {
            problems.add("detection has no selections");
        }
        Object written = condition;
        Detection compiled = condition == null || selections.isEmpty() ? FAILED
                : problems.orElse(() -> condition(written, selections), FAILED);
        problems.throwIfAny();
        return compiled;
    }

    private static Detection condition(Object condition, Map<String, Detection> selections) throws RuleException {
        if (condition instanceof String text) {
            return ConditionParser.parse(text, selections);
        }
        if (condition instanceof List<?> list && !list.isEmpty()) {
            List<Detection> any = new ArrayList<>();
            for (Object item : list) {
                if (!(item instanceof String text)) {
                    throw new RuleException("detection.condition: list items must be strings");
                }
                any.add(ConditionParser.parse(text, selections));
            }
            return any.size() == 1 ? any.getFirst() : new Detection.AnyOf(List.copyOf(any));
        }
        throw new RuleException("detection.condition must be a string (or a list of strings)");
    }

    private Detection selection(String where, Object body, Problems problems) throws RuleException {
        if (body instanceof Map<?, ?> map) {
            return fieldMap(where, map, problems);
        }
        if (body instanceof List<?> list && !list.isEmpty()) {
            if (list.stream().allMatch(item -> item instanceof Map<?, ?>)) {
                List<Detection> any = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) {
                    any.add(fieldMap(where + "[" + i + "]", (Map<?, ?>) list.get(i), problems));
                }
                return any.size() == 1 ? any.getFirst() : new Detection.AnyOf(List.copyOf(any));
            }
            if (list.stream().noneMatch(item -> item instanceof Map<?, ?> || item instanceof List<?>)) {
                return keywords(where, FieldKey.plain("", null, false, false), list);
            }
            throw new RuleException(where + ": a list must hold either maps or plain values, not both");
        }
        if (body instanceof String || body instanceof Number) {
            return keywords(where, FieldKey.plain("", null, false, false), List.of(body));
        }
        throw new RuleException(where + ": a selection must be a map, a list of maps or a list of keywords, not "
                + ValueCompiler.describe(body));
    }

    private Detection fieldMap(String where, Map<?, ?> map, Problems problems) throws RuleException {
        if (map.isEmpty()) {
            throw new RuleException(where + ": empty selection");
        }
        List<Detection> all = new ArrayList<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = String.valueOf(entry.getKey());
            String here = where + "." + key;
            all.add(problems.orElse(() -> {
                FieldKey parsed;
                try {
                    parsed = FieldKey.parse(key);
                } catch (RuleException bad) {
                    throw new RuleException(where + ": " + bad.getMessage());
                }
                return parsed.isKeyword() ? keywords(here, parsed, valueList(here, entry.getValue()))
                        : field(here, parsed, entry.getValue());
            }, FAILED));
        }
        return all.size() == 1 ? all.getFirst() : new Detection.AllOf(List.copyOf(all));
    }

    private Detection field(String where, FieldKey key, Object value) throws RuleException {
        FieldRef field = fields.field(key.field());
        if (key.type() == Modifier.EXISTS) {
            if (!(value instanceof Boolean expected)) {
                throw new RuleException(where + ": 'exists' needs true or false, not " + ValueCompiler.describe(value));
            }
            return new Detection.Exists(field, expected);
        }
        if (key.fieldref()) {
            return fieldReference(where, key, field, value);
        }
        List<ValueTest> tests = new ArrayList<>();
        for (Object item : valueList(where, value)) {
            tests.add(values.compile(key, item, where));
        }
        if (tests.isEmpty()) {
            throw new RuleException(where + ": empty value list");
        }
        Detection matches = new Detection.Field(field, List.copyOf(tests), key.all());
        // neq: the field is there and equals none of the values (a missing field is not "not equal").
        return key.neq() ? new Detection.AllOf(List.of(new Detection.Exists(field, true), new Detection.Not(matches)))
                : matches;
    }

    private Detection fieldReference(String where, FieldKey key, FieldRef field, Object value) throws RuleException {
        List<FieldRef> others = new ArrayList<>();
        for (Object item : valueList(where, value)) {
            if (!(item instanceof String name) || name.isBlank()) {
                throw new RuleException(where + ": 'fieldref' names a field, not " + ValueCompiler.describe(item));
            }
            others.add(fields.field(name));
        }
        if (others.isEmpty()) {
            throw new RuleException(where + ": empty value list");
        }
        return new Detection.FieldEquals(field, List.copyOf(others), ValueCompiler.anchor(key.type()), key.cased(),
                key.all());
    }

    private Detection keywords(String where, FieldKey key, List<?> items) throws RuleException {
        Modifier refused = key.type() != null ? key.type() : key.timePart() != null ? key.timePart()
                : key.neq() ? Modifier.NEQ : key.fieldref() ? Modifier.FIELDREF : null;
        if (refused != null) {
            throw new RuleException(where + ": keyword searches take only 'all', 'cased' and value "
                    + "transformations, not '" + refused.label() + "'");
        }
        FieldKey contains = new FieldKey("", Modifier.CONTAINS, key.all(), key.cased(), key.regexFlags(),
                key.transforms(), null, false, false);
        List<ValueTest> tests = new ArrayList<>();
        for (Object item : items) {
            if (item == null) {
                throw new RuleException(where + ": a keyword cannot be null");
            }
            tests.add(values.compile(contains, item instanceof String ? item : String.valueOf(item), where));
        }
        if (tests.isEmpty()) {
            throw new RuleException(where + ": empty keyword list");
        }
        return new Detection.Keywords(List.copyOf(tests), key.all());
    }

    private static List<?> valueList(String where, Object value) throws RuleException {
        if (value instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof List<?> || item instanceof Map<?, ?>) {
                    throw new RuleException(where + ": values must be plain, not " + ValueCompiler.describe(item));
                }
            }
            return list;
        }
        if (value instanceof Map<?, ?>) {
            throw new RuleException(where + ": a field's value cannot be a map");
        }
        return java.util.Collections.singletonList(value);
    }
}
