package dev.keel.detect.rule;

import java.nio.file.Path;
import java.util.List;

/**
 * A compiled single-event rule.
 *
 * @param logsource the events it is evaluated on ({@link LogSource#ANY} without a {@code logsource})
 */
public record DetectionRule(String id, String name, String title, Level level, Path file, Detection detection,
        List<ActionSpec> actions, String fingerprint, LogSource logsource) implements Rule {

    public DetectionRule {
        actions = List.copyOf(actions);
    }

    public boolean matches(EventView event) {
        return detection.matches(event);
    }
}
