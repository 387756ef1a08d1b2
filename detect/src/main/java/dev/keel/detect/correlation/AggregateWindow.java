package dev.keel.detect.correlation;

import dev.keel.detect.rule.CorrelationType;
import dev.keel.detect.rule.CountCondition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * A window over a numeric field for the aggregate types: {@code value_sum}, {@code value_avg},
 * {@code value_median} and {@code value_percentile} (nearest rank). Events whose field is not a
 * number are not counted. With lower bounds only, it holds the values of the last timespan before
 * the newest event and fires as soon as their aggregate meets the condition, then starts afresh;
 * with an upper bound it is decided when it ends, as {@link ClosingWindow} is. It keeps at most
 * {@link #MAX_VALUES} values, the oldest leaving first. A sum or mean costs O(1) an event; a
 * median or percentile O(distinct values), kept in a sorted multiset.
 */
final class AggregateWindow extends Window {

    /** The most values one window keeps. */
    static final int MAX_VALUES = 100_000;

    private record Entry(long time, long sequence, String eventId, double value) {}

    private final long span;
    private final CorrelationType type;
    private final CountCondition condition;
    private final int percentile;
    private final boolean decideAtEnd;
    /** In event-time order (earliest first), so what leaves the timespan leaves from the head. */
    private final PriorityQueue<Entry> entries = new PriorityQueue<>(
            Comparator.comparingLong(Entry::time).thenComparingLong(Entry::sequence));
    private final TreeMap<Double, Integer> sorted = new TreeMap<>();
    private double sum;
    private long newest = Long.MIN_VALUE;
    private long sequence;
    private long start;

    AggregateWindow(GroupKey key, long now, long spanMillis, CorrelationType type, CountCondition condition,
            int percentile) {
        super(key, now);
        this.span = spanMillis;
        this.type = type;
        this.condition = condition;
        this.percentile = type == CorrelationType.VALUE_MEDIAN ? 50 : percentile;
        this.decideAtEnd = condition.hasUpperBound();
    }

    @Override
    CorrelationHit add(int source, long eventTime, String eventId, String value, long now) {
        Double number = number(value);
        if (number == null) {
            return null;
        }
        touchedAt = now;
        if (decideAtEnd) {
            CorrelationHit due = null;
            if (!entries.isEmpty() && eventTime >= start + span) {
                due = close();
                openedAt = now;
            }
            if (entries.isEmpty()) {
                start = eventTime;
            }
            keep(eventTime, eventId, number);
            return due;
        }
        long latest = Math.max(newest, eventTime);
        if (eventTime <= latest - span) {
            return null;
        }
        newest = latest;
        keep(eventTime, eventId, number);
        while (!entries.isEmpty() && entries.peek().time() <= newest - span) {
            forget(entries.poll());
        }
        double aggregate = aggregate();
        if (!condition.test(aggregate)) {
            return null;
        }
        CorrelationHit hit = hit(aggregate);
        clear();
        return hit;
    }

    private void keep(long time, String eventId, double value) {
        if (entries.size() >= MAX_VALUES) {
            forget(entries.poll());
        }
        entries.add(new Entry(time, sequence++, eventId, value));
        sorted.merge(value, 1, Integer::sum);
        sum += value;
    }

    private void forget(Entry gone) {
        sorted.computeIfPresent(gone.value(), (value, count) -> count == 1 ? null : count - 1);
        sum -= gone.value();
    }

    private double aggregate() {
        int n = entries.size();
        return switch (type) {
            case VALUE_SUM -> sum;
            case VALUE_AVG -> sum / n;
            case VALUE_MEDIAN -> n % 2 == 1 ? rank((n + 1) / 2) : (rank(n / 2) + rank(n / 2 + 1)) / 2;
            default -> rank(Math.max(1, (int) Math.ceil(percentile / 100.0 * n)));
        };
    }

    /** The value of 1-based rank {@code k} in ascending order, walked from the nearer end. */
    private double rank(int k) {
        int n = entries.size();
        boolean fromTop = k > n / 2;
        int remaining = fromTop ? n - k + 1 : k;
        for (Map.Entry<Double, Integer> bucket : (fromTop ? sorted.descendingMap() : sorted).entrySet()) {
            remaining -= bucket.getValue();
            if (remaining <= 0) {
                return bucket.getKey();
            }
        }
        throw new IllegalStateException("rank " + k + " of " + n);
    }

    private CorrelationHit hit(double aggregate) {
        List<Entry> ordered = new ArrayList<>(entries);
        ordered.sort(entries.comparator());
        List<String> ids = new ArrayList<>(ordered.size());
        ordered.forEach(entry -> ids.add(entry.eventId()));
        return new CorrelationHit(key, ordered.size(), SlidingWindow.lastOf(ids), aggregate);
    }

    private void clear() {
        entries.clear();
        sorted.clear();
        sum = 0;
    }

    private static Double number(String value) {
        if (value == null || value.isBlank() || value.length() > 64) {
            return null;
        }
        try {
            double number = Double.parseDouble(value.trim());
            return Double.isFinite(number) ? number : null;
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }

    @Override
    boolean expired(long now) {
        return decideAtEnd ? now - openedAt >= span : now - touchedAt >= span;
    }

    /** With an upper bound: decided on what it holds. With lower bounds only: it decides as events arrive. */
    @Override
    CorrelationHit close() {
        if (!decideAtEnd || entries.isEmpty()) {
            return null;
        }
        double aggregate = aggregate();
        CorrelationHit hit = condition.test(aggregate) ? hit(aggregate) : null;
        clear();
        return hit;
    }

    @Override
    boolean undecided() {
        return !decideAtEnd && !entries.isEmpty();
    }

    @Override
    int held() {
        return entries.size();
    }
}
