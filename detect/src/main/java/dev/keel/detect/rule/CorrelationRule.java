package dev.keel.detect.rule;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A compiled Sigma correlation rule.
 *
 * @param sources the ids or names of the detection rules it counts, as written
 * @param groupBy the fields whose values key a window (empty: one window for everything)
 * @param valueField for {@link CorrelationType#VALUE_COUNT}, the field whose distinct values are counted
 * @param generate whether the rules it counts still raise alerts of their own
 * @param aliases per group-by name that is an alias, the field it stands for in the events of each
 *     source rule (by the name or id written in {@code aliases})
 * @param sourceIds the ids the sources resolved to, in the order written (empty until linked)
 * @param percentile for {@link CorrelationType#VALUE_PERCENTILE}, which percentile (1 to 100); else 0
 */
public record CorrelationRule(String id, String name, String title, Level level, Path file, CorrelationType type,
        List<String> sources, List<FieldRef> groupBy, Duration timespan, CountCondition condition,
        FieldRef valueField, boolean generate, List<ActionSpec> actions, String fingerprint,
        Map<String, Map<String, FieldRef>> aliases, List<String> sourceIds, int percentile) implements Rule {

    public CorrelationRule {
        sources = List.copyOf(sources);
        groupBy = List.copyOf(groupBy);
        actions = List.copyOf(actions);
        aliases = Map.copyOf(aliases);
        sourceIds = List.copyOf(sourceIds);
    }

    /** This rule with its sources resolved, and the fingerprint that covers them too. */
    CorrelationRule linked(List<String> resolvedIds, String linkedFingerprint) {
        return new CorrelationRule(id, name, title, level, file, type, sources, groupBy, timespan, condition,
                valueField, generate, actions, linkedFingerprint, aliases, resolvedIds, percentile);
    }

    /** The group-by field as seen in the events of {@code source}: an alias's field for that rule, or itself. */
    public FieldRef groupField(int index, Rule source) {
        FieldRef field = groupBy.get(index);
        Map<String, FieldRef> alias = aliases.get(field.name());
        if (alias == null) {
            return field;
        }
        FieldRef byName = source.name() == null ? null : alias.get(source.name());
        return byName != null ? byName : alias.getOrDefault(source.id(), field);
    }
}
