package dev.keel.detect.correlation;

import java.util.List;

/**
 * A correlation condition that held for one group.
 *
 * @param groupKey the group-by values, as {@code field=value, field=value}
 * @param count the event count, distinct value count or count of rules that satisfied the condition
 *     (for the aggregate types: the number of values aggregated)
 * @param eventIds the ids of (up to {@link CorrelationWindows#MAX_EVENT_IDS} of) the events counted
 * @param aggregate for the aggregate types, the sum, mean or percentile that satisfied the condition; else NaN
 */
public record CorrelationHit(String groupKey, long count, List<String> eventIds, double aggregate) {

    public CorrelationHit {
        eventIds = List.copyOf(eventIds);
    }

    public CorrelationHit(String groupKey, long count, List<String> eventIds) {
        this(groupKey, count, eventIds, Double.NaN);
    }
}
