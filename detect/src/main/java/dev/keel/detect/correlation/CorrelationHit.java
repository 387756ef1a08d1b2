package dev.keel.detect.correlation;

import java.util.List;

/**
 * A correlation condition that held for one group.
 *
 * @param groupKey the group-by values, as {@code field=value, field=value}
 * @param count the event count or distinct value count that satisfied the condition
 * @param eventIds the ids of (up to {@link CorrelationWindows#MAX_EVENT_IDS} of) the events counted
 */
public record CorrelationHit(String groupKey, long count, List<String> eventIds) {

    public CorrelationHit {
        eventIds = List.copyOf(eventIds);
    }
}
