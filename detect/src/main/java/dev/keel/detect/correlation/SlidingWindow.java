package dev.keel.detect.correlation;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A window for a condition with only lower bounds ({@code gte: 5}): it holds the events (or
 * distinct values) of the last timespan before the newest event, and fires as soon as there
 * are enough; then it starts afresh, so one burst raises one alert. It never holds more than
 * the threshold, whatever the rate.
 */
final class SlidingWindow extends Window {

    private record Entry(long time, String eventId) {}

    private final long span;
    private final long threshold;
    private final ArrayDeque<Entry> events;
    private final Map<String, Entry> values;
    private long newest = Long.MIN_VALUE;

    SlidingWindow(String groupKey, long now, long spanMillis, long threshold, boolean distinct) {
        super(groupKey, now);
        this.span = spanMillis;
        this.threshold = threshold;
        this.events = distinct ? null : new ArrayDeque<>();
        this.values = distinct ? new LinkedHashMap<>() : null;
    }

    @Override
    CorrelationHit add(long eventTime, String eventId, String value, long now) {
        touchedAt = now;
        if (values != null && value == null) {
            return null;
        }
        newest = Math.max(newest, eventTime);
        long oldestKept = newest - span;
        if (eventTime <= oldestKept) {
            return null;
        }
        Entry entry = new Entry(eventTime, eventId);
        if (events != null) {
            events.addLast(entry);
            events.removeIf(e -> e.time() <= oldestKept);
        } else {
            values.merge(value, entry, (old, fresh) -> fresh.time() >= old.time() ? fresh : old);
            values.values().removeIf(e -> e.time() <= oldestKept);
        }
        Collection<Entry> held = events != null ? events : values.values();
        if (held.size() < threshold) {
            return null;
        }
        List<String> ids = new ArrayList<>();
        for (Entry e : held) {
            ids.add(e.eventId());
        }
        CorrelationHit hit = new CorrelationHit(groupKey, held.size(), lastOf(ids));
        held.clear();
        return hit;
    }

    @Override
    boolean expired(long now) {
        return now - touchedAt >= span;
    }

    static List<String> lastOf(List<String> ids) {
        int max = CorrelationWindows.MAX_EVENT_IDS;
        return ids.size() <= max ? ids : ids.subList(ids.size() - max, ids.size());
    }
}
