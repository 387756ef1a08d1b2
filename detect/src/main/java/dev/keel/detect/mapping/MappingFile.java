package dev.keel.detect.mapping;

import dev.keel.detect.rule.EventCondition;
import dev.keel.detect.rule.FieldRef;
import dev.keel.detect.rule.RuleException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads one field-mapping file: a {@code name} and its {@code steps}, each with a {@code name},
 * an optional {@code when} (a Sigma selection), and at least one of {@code audit-record},
 * {@code flatten}, {@code fields}, {@code logsource}. Every problem of the file is reported at
 * once, each naming its step.
 */
final class MappingFile {

    private static final Set<String> FILE_KEYS = Set.of("name", "description", "steps");
    private static final Set<String> STEP_KEYS = Set.of("name", "when", "audit-record", "flatten", "fields",
            "logsource");
    private static final Set<String> PARTS = Set.of("product", "category", "service");
    private static final Set<String> LOOKUP_KEYS = Set.of("field", "values", "otherwise");

    private final Duration regexTimeout;
    private final List<String> problems = new ArrayList<>();

    private MappingFile(Duration regexTimeout) {
        this.regexTimeout = regexTimeout;
    }

    /** The file's steps, or an exception whose message names {@code where} and every problem. */
    static List<MappingStep> parse(String text, String where, Duration regexTimeout) {
        MappingFile file = new MappingFile(regexTimeout);
        List<MappingStep> steps = file.steps(text);
        if (!file.problems.isEmpty()) {
            throw new IllegalArgumentException("field mapping " + where + ": " + (file.problems.size() == 1 ? ""
                    : file.problems.size() + " problems: ") + String.join("; ", file.problems));
        }
        return steps;
    }

    private List<MappingStep> steps(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Object document;
        try {
            document = new Yaml(new SafeConstructor(options)).load(text);
        } catch (YAMLException bad) {
            problems.add("invalid YAML: " + bad.getMessage().replace('\n', ' '));
            return List.of();
        }
        if (!(document instanceof Map<?, ?> map)) {
            problems.add("must be a map with 'name' and 'steps'");
            return List.of();
        }
        unknownKeys(map, FILE_KEYS, "the file");
        if (!(map.get("name") instanceof String mapping) || mapping.isBlank()) {
            problems.add("'name' is missing");
            return List.of();
        }
        if (!(map.get("steps") instanceof List<?> list) || list.isEmpty()) {
            problems.add("'steps' must be a list of steps");
            return List.of();
        }
        List<MappingStep> steps = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            MappingStep step = step(mapping, i + 1, list.get(i));
            if (step != null) {
                steps.add(step);
            }
        }
        return steps;
    }

    private MappingStep step(String mapping, int number, Object body) {
        if (!(body instanceof Map<?, ?> map)) {
            problems.add("step " + number + " must be a map");
            return null;
        }
        String where = map.get("name") instanceof String name && !name.isBlank() ? "step '" + name + "'"
                : "step " + number;
        if (!(map.get("name") instanceof String name) || name.isBlank()) {
            problems.add(where + ": 'name' is missing");
            return null;
        }
        unknownKeys(map, STEP_KEYS, where);
        int before = problems.size();
        EventCondition when = null;
        if (map.containsKey("when")) {
            try {
                when = EventCondition.compile(map.get("when"), where + ".when", regexTimeout);
            } catch (RuleException bad) {
                problems.add(bad.getMessage());
            }
        }
        FieldRef audit = map.containsKey("audit-record") ? field(map.get("audit-record"), where + ".audit-record")
                : null;
        List<FieldRef> flatten = refs(texts(map.get("flatten"), where + ".flatten"));
        Map<String, List<FieldRef>> fields = fields(map.get("fields"), where + ".fields");
        LogSourceFill logsource = map.containsKey("logsource") ? logsource(map.get("logsource"), where) : null;
        if (audit == null && flatten.isEmpty() && fields.isEmpty() && logsource == null && problems.size() == before) {
            problems.add(where + ": does nothing (give audit-record, flatten, fields or logsource)");
        }
        return problems.size() > before ? null
                : new MappingStep(mapping + "/" + name, when, audit, flatten, fields, logsource);
    }

    private static List<FieldRef> refs(List<String> names) {
        return names.stream().map(FieldRef::of).toList();
    }

    private Map<String, List<FieldRef>> fields(Object body, String where) {
        if (body == null) {
            return Map.of();
        }
        if (!(body instanceof Map<?, ?> map)) {
            problems.add(where + " must map Sigma field names to event paths");
            return Map.of();
        }
        Map<String, List<FieldRef>> fields = new LinkedHashMap<>();
        map.forEach((name, paths) -> fields.put(String.valueOf(name), refs(texts(paths, where + "." + name))));
        return fields;
    }

    private LogSourceFill logsource(Object body, String where) {
        if (!(body instanceof Map<?, ?> map) || map.isEmpty()) {
            problems.add(where + ".logsource must be a map of product, category, service");
            return null;
        }
        unknownKeys(map, PARTS, where + ".logsource");
        return new LogSourceFill(part(map.get("product"), where + ".logsource.product"),
                part(map.get("category"), where + ".logsource.category"),
                part(map.get("service"), where + ".logsource.service"));
    }

    private LogSourceFill.Part part(Object body, String where) {
        if (body == null) {
            return null;
        }
        if (!(body instanceof Map<?, ?> lookup)) {
            return new LogSourceFill.Constant(texts(body, where));
        }
        unknownKeys(lookup, LOOKUP_KEYS, where);
        FieldRef field = field(lookup.get("field"), where + ".field");
        if (!(lookup.get("values") instanceof Map<?, ?> table) || table.isEmpty()) {
            problems.add(where + ".values must map the field's values to the part's");
            return null;
        }
        Map<String, List<String>> values = new LinkedHashMap<>();
        table.forEach((key, value) -> {
            String text = String.valueOf(key).toLowerCase(Locale.ROOT);
            if (values.put(text, texts(value, where + ".values." + key)) != null) {
                problems.add(where + ".values: '" + key + "' is given twice (values compare ignoring case)");
            }
        });
        List<String> otherwise = lookup.containsKey("otherwise") ? texts(lookup.get("otherwise"), where + ".otherwise")
                : List.of();
        return field == null ? null : new LogSourceFill.Lookup(field, values, otherwise);
    }

    private FieldRef field(Object value, String where) {
        if (value instanceof String text && !text.isBlank()) {
            return FieldRef.of(text);
        }
        problems.add(where + " must be a field name");
        return null;
    }

    /** A string or a list of strings (numbers taken as their text), as a list. */
    private List<String> texts(Object value, String where) {
        if (value == null) {
            return List.of();
        }
        List<?> items = value instanceof List<?> list ? list : List.of(value);
        List<String> texts = new ArrayList<>();
        for (Object item : items) {
            if (item instanceof String || item instanceof Number) {
                texts.add(item.toString());
            } else {
                problems.add(where + " must be a string or a list of strings");
                return List.of();
            }
        }
        if (texts.isEmpty()) {
            problems.add(where + " is an empty list");
        }
        return texts;
    }

    private void unknownKeys(Map<?, ?> map, Set<String> known, String where) {
        for (Object key : map.keySet()) {
            if (!known.contains(String.valueOf(key))) {
                problems.add(where + ": unknown key '" + key + "' (known: " + String.join(", ", known.stream().sorted()
                        .toList()) + ")");
            }
        }
    }
}
