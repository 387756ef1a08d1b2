package dev.keel.detect.correlation;

import dev.keel.detect.rule.CorrelationRule;
import dev.keel.detect.rule.CorrelationType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The windows of one correlation rule, one per group-by key, at most {@code maxKeys} of them:
 * when a new key would exceed that, the least recently used window is evicted (and counted).
 * Thread-safe: matcher threads add, the sweeper sweeps, all under this object's monitor.
 */
public final class CorrelationWindows {

    /** An alert lists at most this many of the events it counted. */
    public static final int MAX_EVENT_IDS = 100;

    private final CorrelationRule rule;
    private final int maxKeys;
    private final Runnable onEviction;
    private final long spanMillis;
    /** Access-ordered, so the eldest entry is the least recently used key. Guarded by {@code this}. */
    private final LinkedHashMap<GroupKey, Window> windows = new LinkedHashMap<>(16, 0.75f, true);
    private long evictions;
    private long expirations;

    /** @param onEviction told of each eviction (for a meter), under this object's monitor: keep it cheap */
    public CorrelationWindows(CorrelationRule rule, int maxKeys, Runnable onEviction) {
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be >= 1");
        }
        this.rule = rule;
        this.maxKeys = maxKeys;
        this.onEviction = onEviction;
        this.spanMillis = rule.timespan().toMillis();
    }

    public CorrelationRule rule() {
        return rule;
    }

    /**
     * Counts one event matched by a source rule.
     *
     * @param value the event's value of {@code condition.field} as text (value_count), or null
     * @return the hit when the condition now holds, else null
     */
    public synchronized CorrelationHit add(GroupKey key, long eventTime, String eventId, String value, long now) {
        Window window = windows.get(key);
        if (window == null) {
            if (windows.size() >= maxKeys) {
                Iterator<Map.Entry<GroupKey, Window>> eldest = windows.entrySet().iterator();
                eldest.next();
                eldest.remove();
                evictions++;
                onEviction.run();
            }
            window = newWindow(key, now);
            windows.put(key, window);
        }
        return window.add(eventTime, eventId, value, now);
    }

    /** Ends what a timespan of processing time has passed over: the hits due from closing windows. */
    public synchronized List<CorrelationHit> sweep(long now) {
        List<CorrelationHit> due = new ArrayList<>();
        Iterator<Window> all = windows.values().iterator();
        while (all.hasNext()) {
            Window window = all.next();
            if (window.expired(now)) {
                CorrelationHit hit = window.close();
                if (hit != null) {
                    due.add(hit);
                }
                all.remove();
                expirations++;
            }
        }
        return due;
    }

    public synchronized int size() {
        return windows.size();
    }

    public synchronized long evictions() {
        return evictions;
    }

    public synchronized long expirations() {
        return expirations;
    }

    private Window newWindow(GroupKey key, long now) {
        boolean distinct = rule.type() == CorrelationType.VALUE_COUNT;
        String display = key.display();
        if (rule.condition().hasUpperBound()) {
            return new ClosingWindow(display, now, spanMillis, rule.condition(), distinct);
        }
        return new SlidingWindow(display, now, spanMillis, rule.condition().threshold(), distinct);
    }
}
