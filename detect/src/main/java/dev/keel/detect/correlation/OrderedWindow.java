package dev.keel.detect.correlation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A {@code temporal_ordered} window: the source rules must match in the order listed, each
 * event no earlier than the one before, the first and the last within one timespan. For each
 * position it keeps one partial chain, the one ending there that started latest (ties: that
 * ended earliest), since that is the one most likely to complete; a chain reaching the last
 * position fires, and the window starts afresh. It holds at most one chain per rule.
 */
final class OrderedWindow extends DecidingWindow {

    private record Chain(long start, long end, List<String> eventIds) {}

    private final Chain[] chains;
    private long newest = Long.MIN_VALUE;

    OrderedWindow(GroupKey key, long now, long spanMillis, int rules) {
        super(key, now, spanMillis);
        this.chains = new Chain[rules];
    }

    @Override
    CorrelationHit add(int source, long eventTime, String eventId, String value, long now) {
        long latest = Math.max(newest, eventTime);
        if (eventTime <= latest - span) {
            return null;
        }
        newest = latest;
        touchedAt = now;
        for (int i = 0; i < chains.length; i++) {
            if (chains[i] != null && chains[i].start() <= newest - span) {
                chains[i] = null; // can no longer complete within the timespan
            }
        }
        Chain extended;
        if (source == 0) {
            extended = new Chain(eventTime, eventTime, List.of(eventId));
        } else {
            Chain before = chains[source - 1];
            if (before == null || before.end() > eventTime || eventTime - before.start() >= span
                    || before.eventIds().contains(eventId)) { // one event is one step, not two
                return null;
            }
            List<String> ids = new ArrayList<>(before.eventIds());
            ids.add(eventId);
            extended = new Chain(before.start(), eventTime, ids);
        }
        if (source == chains.length - 1) {
            Arrays.fill(chains, null);
            return new CorrelationHit(key, extended.eventIds().size(), extended.eventIds());
        }
        Chain kept = chains[source];
        if (kept == null || extended.start() > kept.start()
                || (extended.start() == kept.start() && extended.end() < kept.end())) {
            chains[source] = extended;
        }
        return null;
    }

    @Override
    int held() {
        int held = 0;
        for (Chain chain : chains) {
            held += chain == null ? 0 : 1;
        }
        return held;
    }
}
