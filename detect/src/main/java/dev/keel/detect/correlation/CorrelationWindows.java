package dev.keel.detect.correlation;

import dev.keel.detect.rule.CorrelationRule;
import dev.keel.detect.rule.CorrelationType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The windows of one correlation rule, one per group-by key, bounded twice: at most
 * {@code maxKeys} windows, and at most {@code maxEntries} events or values held by all of them
 * together (a single window may hold up to its condition's count, at most 100,000, beyond that).
 * Past either bound the least recently used windows are evicted, counted, and decided on what
 * they hold (an upper-bound window whose condition holds raises its alert then). Thread-safe:
 * matcher threads add, the sweeper sweeps, all under this object's monitor.
 */
public final class CorrelationWindows {

    /** An alert lists at most this many of the events it counted. */
    public static final int MAX_EVENT_IDS = 100;

    private final CorrelationRule rule;
    private final int maxKeys;
    private final long maxEntries;
    private final Runnable onEviction;
    private final long spanMillis;
    /** Access-ordered, so the eldest entry is the least recently used key. Guarded by {@code this}. */
    private final LinkedHashMap<GroupKey, Window> windows = new LinkedHashMap<>(16, 0.75f, true);
    private long held;
    private long evictions;
    private long expirations;
    private long dropped;

    /** @param onEviction told of each eviction (for a meter), under this object's monitor: keep it cheap */
    public CorrelationWindows(CorrelationRule rule, int maxKeys, long maxEntries, Runnable onEviction) {
        if (maxKeys < 1 || maxEntries < 1) {
            throw new IllegalArgumentException("maxKeys and maxEntries must be >= 1");
        }
        this.rule = rule;
        this.maxKeys = maxKeys;
        this.maxEntries = maxEntries;
        this.onEviction = onEviction;
        this.spanMillis = rule.timespan().toMillis();
    }

    public CorrelationRule rule() {
        return rule;
    }

    /**
     * Counts one event matched by a source rule.
     *
     * @param source the position, in the rule's sources, of the rule the event matched
     * @param eventTime when the event happened (the caller keeps it from lying in the future)
     * @param value the event's value of {@code condition.field} as text (value_count), or null
     * @return the hits now due: this window's, if its condition now holds, and those of windows
     *     evicted to make room; usually none
     */
    public synchronized List<CorrelationHit> add(GroupKey key, int source, long eventTime, String eventId,
            String value, long now) {
        List<CorrelationHit> hits = new ArrayList<>(1);
        Window window = windows.get(key);
        if (window == null) {
            if (windows.size() >= maxKeys) {
                evictEldest(hits);
            }
            window = newWindow(key, now);
            windows.put(key, window);
        }
        int before = window.held();
        CorrelationHit hit = window.add(source, eventTime, eventId, value, now);
        held += window.held() - before;
        if (hit != null) {
            hits.add(hit);
        }
        while (held > maxEntries && windows.size() > 1) {
            evictEldest(hits); // never the window just counted into: it is the most recently used
        }
        return hits;
    }

    private void evictEldest(List<CorrelationHit> hits) {
        Iterator<Window> eldest = windows.values().iterator();
        Window evicted = eldest.next();
        eldest.remove();
        held -= evicted.held();
        CorrelationHit hit = evicted.close();
        if (hit != null) {
            hits.add(hit);
        }
        evictions++;
        onEviction.run();
    }

    /** Ends what a timespan of processing time has passed over: the hits due from closing windows. */
    public synchronized List<CorrelationHit> sweep(long now) {
        List<CorrelationHit> due = new ArrayList<>();
        Iterator<Window> all = windows.values().iterator();
        while (all.hasNext()) {
            Window window = all.next();
            if (window.expired(now)) {
                end(window, due);
                all.remove();
                expirations++;
            }
        }
        return due;
    }

    /**
     * Ends every window now (the component stops, or this rule left the active set): the hits of
     * windows whose condition holds on what they counted; those ended undecided are counted in
     * {@link #dropped()}.
     */
    public synchronized List<CorrelationHit> closeAll() {
        List<CorrelationHit> due = new ArrayList<>();
        for (Window window : windows.values()) {
            if (window.undecided()) {
                dropped++;
            }
            end(window, due);
        }
        windows.clear();
        return due;
    }

    private void end(Window window, List<CorrelationHit> due) {
        held -= window.held();
        CorrelationHit hit = window.close();
        if (hit != null) {
            due.add(hit);
        }
    }

    public synchronized int size() {
        return windows.size();
    }

    /** Events or values held by all windows: what {@code maxEntries} bounds. */
    public synchronized long held() {
        return held;
    }

    public synchronized long evictions() {
        return evictions;
    }

    public synchronized long expirations() {
        return expirations;
    }

    /** Windows ended by {@link #closeAll()} while holding events short of a decision. */
    public synchronized long dropped() {
        return dropped;
    }

    private Window newWindow(GroupKey key, long now) {
        boolean distinct = rule.type() == CorrelationType.VALUE_COUNT;
        int rules = rule.sources().size();
        if (rule.type() == CorrelationType.TEMPORAL) {
            return new TemporalWindow(key, now, spanMillis, rule.condition().threshold(), rules);
        }
        if (rule.type() == CorrelationType.TEMPORAL_ORDERED) {
            return new OrderedWindow(key, now, spanMillis, rules);
        }
        if (rule.type().aggregates()) {
            return new AggregateWindow(key, now, spanMillis, rule.type(), rule.condition(), rule.percentile());
        }
        if (rule.condition().hasUpperBound()) {
            return new ClosingWindow(key, now, spanMillis, rule.condition(), distinct);
        }
        return new SlidingWindow(key, now, spanMillis, rule.condition().threshold(), distinct);
    }
}
