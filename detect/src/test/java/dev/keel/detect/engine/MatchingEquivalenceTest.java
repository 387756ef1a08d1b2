package dev.keel.detect.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.detect.metrics.DetectMetrics;
import dev.keel.detect.rule.DetectionRule;
import dev.keel.detect.rule.EventView;
import dev.keel.detect.rule.LogSource;
import dev.keel.detect.rule.RuleLoad;
import dev.keel.detect.rule.RuleRepository;
import dev.keel.storage.Event;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The engine as it runs (rules routed by log source, then turned away by their required literals)
 * and the plain evaluation (every rule whose log source admits the event, evaluated) agree on
 * every match, for generated rules and events. A prefilter that drops a match fails here.
 */
class MatchingEquivalenceTest {

    private static final List<String> FIELDS = List.of("CommandLine", "Image", "User", "Tags");
    private static final List<String> PIECES = List.of("cmd", "CMD", "a", "b", "ab", "-enc", "/c", "x y", "\u0130", "\u03c2");
    private static final List<String> MODIFIERS = List.of("", "|contains", "|startswith", "|endswith",
            "|contains|all", "|cased", "|contains|cased", "|re", "|re|i", "|contains|windash", "|base64offset|contains",
            "|neq", "|exists");
    private static final List<String> CONDITIONS = List.of("s1", "s1 and s2", "s1 or s2", "s1 and not s2",
            "not s1", "1 of s*", "all of s*", "(s1 or s2) and s1");
    private static final List<Map<String, String>> LOG_SOURCES = List.of(Map.of(), Map.of("product", "windows"),
            Map.of("product", "windows", "category", "process_creation"), Map.of("product", "linux"));

    @Property(tries = 150)
    void theRoutedAndPrefilteredEngineFindsExactlyThePlainMatches(@ForAll("rules") List<String> rules,
            @ForAll("events") List<Event> events) throws IOException {
        Path dir = Files.createTempDirectory("keel-equivalence");
        try {
            for (int i = 0; i < rules.size(); i++) {
                Files.writeString(dir.resolve("r" + i + ".yml"), rules.get(i).replace("ID", "r" + i));
            }
            RuleLoad load = new RuleRepository(dir, Duration.ofSeconds(1)).load();
            DetectMetrics metrics = new DetectMetrics(new SimpleMeterRegistry(), "detect");
            ActiveRules active = ActiveRules.of(load.rules(), ActiveRules.empty(),
                    new ActiveRules.WindowLimits(100, 1000, metrics::eviction), 10, Duration.ofMinutes(1));
            for (Event event : events) {
                EventView view = active.rules().view(event);
                LogSource source = LogSource.of(event);
                List<String> plain = new ArrayList<>();
                for (ActiveDetection detection : active.detections()) {
                    DetectionRule rule = detection.rule();
                    if (rule.logsource().admits(source) && rule.matches(view)) {
                        plain.add(rule.id());
                    }
                }
                List<String> engine = new ArrayList<>();
                for (ActiveDetection detection : active.candidatesFor(active.rules().view(event), source)) {
                    if (detection.rule().matches(view)) {
                        engine.add(detection.rule().id());
                    }
                }
                assertThat(engine).as("rules %s%non %s", rules, event).isEqualTo(plain);
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    @Provide
    Arbitrary<List<String>> rules() {
        return rule().list().ofMinSize(1).ofMaxSize(8);
    }

    private Arbitrary<String> rule() {
        Arbitrary<String> selection = selectionItem().list().ofMinSize(1).ofMaxSize(3)
                .map(items -> String.join("\n", items.stream().map(item -> "        " + item).toList()));
        // Keyword searches: a list of values (any), or '|all' (every one), over every text of the event.
        Arbitrary<String> keywords = value().list().ofMinSize(1).ofMaxSize(3).map(values -> String.join("\n",
                values.stream().map(v -> "        - '" + v.replace("'", "''") + "'").toList()));
        Arbitrary<String> allKeywords = value().list().ofMinSize(1).ofMaxSize(3).map(values -> "        '|all': ["
                + String.join(", ", values.stream().map(v -> "'" + v.replace("'", "''") + "'").toList()) + "]");
        Arbitrary<String> second = Arbitraries.oneOf(selection, keywords, allKeywords);
        return Combinators.combine(Arbitraries.of(LOG_SOURCES), selection, second, Arbitraries.of(CONDITIONS))
                .as((logsource, s1, s2, condition) -> "title: generated ID\nid: ID\n"
                        + (logsource.isEmpty() ? "" : "logsource:\n" + logsource.entrySet().stream()
                                .map(e -> "    " + e.getKey() + ": " + e.getValue() + "\n").reduce("", String::concat))
                        + "detection:\n    s1:\n" + s1 + "\n    s2:\n" + s2 + "\n    condition: " + condition + "\n");
    }

    /** One {@code field|modifiers: values} line; an invalid combination gets its rule rejected, as it must. */
    private Arbitrary<String> selectionItem() {
        // Whole numbers, compared as numbers with numbers and as text with text ("EventID: 4720").
        Arbitrary<String> numeric = Combinators.combine(Arbitraries.of(FIELDS),
                Arbitraries.integers().between(0, 12).list().ofMinSize(1).ofMaxSize(2))
                .as((field, numbers) -> "'" + field + "': " + numbers);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, textual()), net.jqwik.api.Tuple.of(1, numeric));
    }

    private Arbitrary<String> textual() {
        return Combinators.combine(Arbitraries.of(FIELDS), Arbitraries.of(MODIFIERS),
                        value().list().ofMinSize(1).ofMaxSize(3))
                .as((field, modifier, values) -> {
                    String key = "'" + field + modifier + "'";
                    if (modifier.equals("|exists")) {
                        return key + ": " + (values.size() % 2 == 0);
                    }
                    return key + ": [" + String.join(", ", values.stream()
                            .map(v -> "'" + v.replace("'", "''") + "'").toList()) + "]";
                });
    }

    private Arbitrary<String> value() {
        return Arbitraries.of(PIECES).list().ofMinSize(1).ofMaxSize(3).map(parts -> String.join("", parts))
                .flatMap(text -> Arbitraries.of(text, "*" + text, text + "*", "*" + text + "*", text.replace("a", "?")));
    }

    @Provide
    Arbitrary<List<Event>> events() {
        Arbitrary<Object> scalar = Combinators.combine(Arbitraries.of(PIECES).list().ofMinSize(0).ofMaxSize(4),
                Arbitraries.of("", " ", "-", "/")).as((parts, separator) -> (Object) String.join(separator, parts));
        Arbitrary<Object> numeral = Arbitraries.of("7", " 7 ", "7.0", "07", "1e1", "10", "0");
        Arbitrary<Object> fieldValue = Arbitraries.oneOf(scalar, scalar.list().ofMaxSize(3).map(list -> (Object) list),
                Arbitraries.integers().between(0, 12).map(n -> (Object) n), Arbitraries.of(7.0, 10.0, 1e1, 0.5)
                        .map(d -> (Object) d), numeral, Arbitraries.just(null));
        Arbitrary<Map<String, Object>> attributes = Combinators.combine(fieldValue, fieldValue, fieldValue,
                fieldValue, Arbitraries.of(LOG_SOURCES)).as((commandLine, image, user, tags, logsource) -> {
                    Map<String, Object> map = new LinkedHashMap<>();
                    putIfPresent(map, "CommandLine", commandLine);
                    putIfPresent(map, "Image", image);
                    putIfPresent(map, "User", user);
                    putIfPresent(map, "Tags", tags);
                    if (!logsource.isEmpty()) {
                        map.put("logsource", logsource);
                    }
                    return map;
                });
        return attributes.map(map -> new Event("e", 1L, 1L, "test", "h", null, null, null, null, "m", map))
                .list().ofMinSize(1).ofMaxSize(25);
    }

    private static void putIfPresent(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
