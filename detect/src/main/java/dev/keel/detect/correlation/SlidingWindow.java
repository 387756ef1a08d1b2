package dev.keel.detect.correlation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A window for a condition with only lower bounds ({@code gte: 5}): it holds the events (or
 * distinct values) of the last timespan before the newest event, and fires as soon as there
 * are enough; then it starts afresh, so one burst raises one alert. It never holds more than
 * the threshold, whatever the rate. Entries are kept in event-time order, so those that fall
 * out of the timespan leave from the head: an event costs O(log threshold), also when events
 * arrive out of order.
 */
final class SlidingWindow extends DecidingWindow {

    private record Entry(long time, long sequence, String eventId, String value) {}

    private static final Comparator<Entry> EVENT_TIME =
            Comparator.comparingLong(Entry::time).thenComparingLong(Entry::sequence);

    private final long threshold;
    private final TreeSet<Entry> entries = new TreeSet<>(EVENT_TIME);
    /** value_count only: the entry of each distinct value (its latest event). */
    private final Map<String, Entry> byValue;
    private long newest = Long.MIN_VALUE;
    private long sequence;

    SlidingWindow(GroupKey key, long now, long spanMillis, long threshold, boolean distinct) {
        super(key, now, spanMillis);
        this.threshold = threshold;
        this.byValue = distinct ? new HashMap<>() : null;
    }

    @Override
    CorrelationHit add(int source, long eventTime, String eventId, String value, long now) {
        if (byValue != null && value == null) {
            return null;
        }
        long latest = Math.max(newest, eventTime);
        if (eventTime <= latest - span) {
            return null; // older than the window: not counted, and it keeps nothing alive
        }
        newest = latest;
        touchedAt = now;
        Entry entry = new Entry(eventTime, sequence++, eventId, value);
        if (byValue == null) {
            entries.add(entry);
        } else {
            Entry previous = byValue.get(value);
            if (previous == null || previous.time() < eventTime) {
                if (previous != null) {
                    entries.remove(previous);
                }
                byValue.put(value, entry);
                entries.add(entry);
            }
        }
        evictOlderThan(newest - span);
        if (entries.size() < threshold) {
            return null;
        }
        List<String> ids = new ArrayList<>(entries.size());
        entries.forEach(e -> ids.add(e.eventId()));
        CorrelationHit hit = new CorrelationHit(key, entries.size(), lastOf(ids));
        entries.clear();
        if (byValue != null) {
            byValue.clear();
        }
        return hit;
    }

    private void evictOlderThan(long oldestKept) {
        while (!entries.isEmpty() && entries.first().time() <= oldestKept) {
            Entry gone = entries.pollFirst();
            if (byValue != null) {
                byValue.remove(gone.value(), gone);
            }
        }
    }

    @Override
    int held() {
        return entries.size();
    }

    static List<String> lastOf(List<String> ids) {
        int max = CorrelationWindows.MAX_EVENT_IDS;
        return ids.size() <= max ? ids : ids.subList(ids.size() - max, ids.size());
    }
}
