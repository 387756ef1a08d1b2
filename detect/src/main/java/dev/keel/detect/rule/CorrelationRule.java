package dev.keel.detect.rule;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A compiled Sigma correlation rule.
 *
 * @param sources the ids or names of the detection rules it counts, as written
 * @param groupBy the fields whose values key a window (empty: one window for everything)
 * @param valueField for {@link CorrelationType#VALUE_COUNT}, the field whose distinct values are counted
 * @param generate whether the rules it counts still raise alerts of their own
 */
public record CorrelationRule(String id, String name, String title, Level level, Path file, CorrelationType type,
        List<String> sources, List<FieldRef> groupBy, Duration timespan, CountCondition condition,
        FieldRef valueField, boolean generate, List<ActionSpec> actions, String fingerprint) implements Rule {

    public CorrelationRule {
        sources = List.copyOf(sources);
        groupBy = List.copyOf(groupBy);
        actions = List.copyOf(actions);
    }
}
