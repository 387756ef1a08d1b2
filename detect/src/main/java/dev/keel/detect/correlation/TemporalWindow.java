package dev.keel.detect.correlation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A {@code temporal} window: the newest event of each source rule within the last timespan before
 * the newest event. It fires as soon as enough distinct rules have matched (all of them unless
 * the condition says fewer), then starts afresh, so one occurrence raises one alert. It holds at
 * most one event per source rule, whatever the rate.
 */
final class TemporalWindow extends DecidingWindow {

    private final long threshold;
    private final long[] times;
    private final String[] eventIds;
    private long newest = Long.MIN_VALUE;

    TemporalWindow(GroupKey key, long now, long spanMillis, long threshold, int rules) {
        super(key, now, spanMillis);
        this.threshold = threshold;
        this.times = new long[rules];
        this.eventIds = new String[rules];
    }

    @Override
    CorrelationHit add(int source, long eventTime, String eventId, String value, long now) {
        long latest = Math.max(newest, eventTime);
        if (eventTime <= latest - span) {
            return null; // older than the window: not counted, and it keeps nothing alive
        }
        newest = latest;
        touchedAt = now;
        if (eventIds[source] == null || times[source] <= eventTime) {
            times[source] = eventTime;
            eventIds[source] = eventId;
        }
        int present = 0;
        for (int i = 0; i < times.length; i++) {
            if (eventIds[i] != null && times[i] <= newest - span) {
                eventIds[i] = null;
            }
            present += eventIds[i] == null ? 0 : 1;
        }
        if (present < threshold) {
            return null;
        }
        List<String> ids = new ArrayList<>(present);
        IntStream.range(0, times.length).filter(i -> eventIds[i] != null).boxed()
                .sorted(Comparator.comparingLong(i -> times[i])).forEach(i -> ids.add(eventIds[i]));
        Arrays.fill(eventIds, null);
        return new CorrelationHit(key, present, ids);
    }

    @Override
    int held() {
        int held = 0;
        for (String id : eventIds) {
            held += id == null ? 0 : 1;
        }
        return held;
    }
}
