package dev.keel.detect.rule;

import dev.keel.detect.TestRules;
import dev.keel.storage.Event;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Compiles rules from YAML text through a real rules directory. */
final class RuleFixture {

    private final Path dir;
    private final RuleRepository repository;
    private int files;

    RuleFixture(Path dir) {
        this(dir, Map.of());
    }

    /** With values for the {@code expand} modifier's placeholders. */
    RuleFixture(Path dir, Map<String, List<String>> placeholders) {
        this.dir = dir;
        this.repository = new RuleRepository(dir, Duration.ofMillis(200), placeholders);
    }

    Path write(String name, String yaml) {
        return TestRules.write(dir, name, yaml);
    }

    RuleLoad load() {
        try {
            return repository.load();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Compiles one rule with the given detection section and returns it. */
    DetectionRule detection(String detectionYaml) {
        write("rule-" + (++files) + ".yml", "title: test rule " + files + "\nid: rule-" + files + "\ndetection:\n"
                + detectionYaml.stripIndent().indent(4));
        RuleLoad load = load();
        if (!load.errors().isEmpty()) {
            throw new AssertionError("unexpected errors: " + load.errors());
        }
        return load.rules().detectionRules().stream().filter(r -> r.id().equals("rule-" + files)).findFirst()
                .orElseThrow();
    }

    /** The error a detection section is rejected with. */
    String rejection(String detectionYaml) {
        String name = "bad-" + (++files) + ".yml";
        Path file = write(name, "title: bad rule " + files + "\ndetection:\n" + detectionYaml.stripIndent().indent(4));
        try {
            List<RuleLoadError> errors = load().errors().stream().filter(e -> e.file().equals(file)).toList();
            if (errors.isEmpty()) {
                throw new AssertionError("expected " + name + " to be rejected");
            }
            return errors.getFirst().toString();
        } finally {
            file.toFile().delete();
        }
    }

    static boolean matches(DetectionRule rule, RuleSet set, Event event) {
        return rule.matches(set.view(event));
    }
}
