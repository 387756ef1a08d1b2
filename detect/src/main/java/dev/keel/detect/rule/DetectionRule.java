package dev.keel.detect.rule;

import java.nio.file.Path;
import java.util.List;

/** A compiled single-event rule. */
public record DetectionRule(String id, String name, String title, Level level, Path file, Detection detection,
        List<ActionSpec> actions, String fingerprint) implements Rule {

    public DetectionRule {
        actions = List.copyOf(actions);
    }

    public boolean matches(EventView event) {
        return detection.matches(event);
    }
}
