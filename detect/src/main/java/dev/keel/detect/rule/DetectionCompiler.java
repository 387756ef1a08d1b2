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

    private final FieldTable fields;
    private final ValueCompiler values;

    DetectionCompiler(FieldTable fields, ValueCompiler values) {
        this.fields = fields;
        this.values = values;
    }

    Detection compile(Object section) throws RuleException {
        if (!(section instanceof Map<?, ?> detection)) {
            throw new RuleException("detection must be a map of selections and a condition");
        }
        Map<String, Detection> selections = new LinkedHashMap<>();
        Object condition = null;
        for (Map.Entry<?, ?> entry : detection.entrySet()) {
            String name = String.valueOf(entry.getKey());
            switch (name) {
                case "condition" -> condition = entry.getValue();
                case "timeframe" -> throw new RuleException("detection.timeframe (Sigma 1 aggregation) is unsupported; "
                        + "write a correlation rule with a timespan instead");
                default -> selections.put(name, selection("detection." + name, entry.getValue()));
            }
        }
        if (condition == null) {
            throw new RuleException("detection.condition is missing");
        }
        if (selections.isEmpty()) {
            throw new RuleException("detection has no selections");
        }
        return condition(condition, selections);
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

    private Detection selection(String where, Object body) throws RuleException {
        if (body instanceof Map<?, ?> map) {
            return fieldMap(where, map);
        }
        if (body instanceof List<?> list && !list.isEmpty()) {
            if (list.stream().allMatch(item -> item instanceof Map<?, ?>)) {
                List<Detection> any = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) {
                    any.add(fieldMap(where + "[" + i + "]", (Map<?, ?>) list.get(i)));
                }
                return any.size() == 1 ? any.getFirst() : new Detection.AnyOf(List.copyOf(any));
            }
            if (list.stream().noneMatch(item -> item instanceof Map<?, ?> || item instanceof List<?>)) {
                return keywords(where, FieldKey.parse(""), list);
            }
            throw new RuleException(where + ": a list must hold either maps or plain values, not both");
        }
        if (body instanceof String || body instanceof Number) {
            return keywords(where, FieldKey.parse(""), List.of(body));
        }
        throw new RuleException(where + ": a selection must be a map, a list of maps or a list of keywords, not "
                + ValueCompiler.describe(body));
    }

    private Detection fieldMap(String where, Map<?, ?> map) throws RuleException {
        if (map.isEmpty()) {
            throw new RuleException(where + ": empty selection");
        }
        List<Detection> all = new ArrayList<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = String.valueOf(entry.getKey());
            String here = where + "." + key;
            FieldKey parsed;
            try {
                parsed = FieldKey.parse(key);
            } catch (RuleException bad) {
                throw new RuleException(where + ": " + bad.getMessage());
            }
            all.add(parsed.isKeyword() ? keywords(here, parsed, valueList(here, entry.getValue()))
                    : field(here, parsed, entry.getValue()));
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
        List<ValueTest> tests = new ArrayList<>();
        for (Object item : valueList(where, value)) {
            tests.add(values.compile(key, item, where));
        }
        if (tests.isEmpty()) {
            throw new RuleException(where + ": empty value list");
        }
        return new Detection.Field(field, List.copyOf(tests), key.all());
    }

    private Detection keywords(String where, FieldKey key, List<?> items) throws RuleException {
        if (key.type() != null) {
            throw new RuleException(where + ": keyword searches take only 'all' and 'cased', not '"
                    + key.type().label() + "'");
        }
        FieldKey contains = new FieldKey("", Modifier.CONTAINS, key.all(), key.cased(), key.regexFlags());
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
