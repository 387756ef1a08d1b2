package dev.keel.storage;

import java.util.List;
import java.util.Objects;

/**
 * A rule match, as detect raises it and storage writes it.
 *
 * @param alertId a generated UUID
 * @param ruleId the rule's {@code id}
 * @param ruleTitle the rule's {@code title}
 * @param level the rule's {@code level} (informational, low, medium, high, critical)
 * @param timestamp when it was raised, epoch milliseconds
 * @param groupKey the correlation group-by values, or empty for single-event rules
 * @param eventIds the ids of the matched events
 * @param summary one line for humans
 */
public record Alert(
        String alertId,
        String ruleId,
        String ruleTitle,
        String level,
        long timestamp,
        String groupKey,
        List<String> eventIds,
        String summary) {

    public Alert {
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(ruleId, "ruleId");
        eventIds = List.copyOf(eventIds);
        groupKey = groupKey == null ? "" : groupKey;
    }
}
