package dev.keel.detect.correlation;

import java.util.List;

/**
 * A correlation condition that held for one group.
 *
 * @param key the group-by fields and values
 * @param count the event count, distinct value count or count of rules that satisfied the condition
 *     (for the aggregate types: the number of values aggregated)
 * @param eventIds the ids of (up to {@link CorrelationWindows#MAX_EVENT_IDS} of) the events counted
 * @param aggregate for the aggregate types, the sum, mean or percentile that satisfied the condition; else NaN
 */
public record CorrelationHit(GroupKey key, long count, List<String> eventIds, double aggregate) {

    public CorrelationHit {
        eventIds = List.copyOf(eventIds);
    }

    public CorrelationHit(GroupKey key, long count, List<String> eventIds) {
        this(key, count, eventIds, Double.NaN);
    }

    /** The group as alerts show it: {@code user=alice, host=web1}, empty without a group-by. */
    public String groupKey() {
        return key.display();
    }
}
