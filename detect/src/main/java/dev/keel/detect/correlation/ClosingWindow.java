package dev.keel.detect.correlation;

import dev.keel.detect.rule.CountCondition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A window for a condition with an upper bound ({@code lt}, {@code lte}, {@code eq}): the count
 * may still rise, so it is decided when the window ends. The window starts at its first event
 * and spans one timespan of event time; it ends when an event past that arrives (which then
 * opens the next window) or when the sweeper finds it a timespan old on the processing clock.
 * Distinct values are kept only up to one past the ceiling: beyond it the condition cannot hold.
 * A window ended early (evicted, the stop, its rule changed by a reload) is decided on what it
 * counted so far, so a decision is never dropped.
 */
final class ClosingWindow extends Window {

    private final long span;
    private final CountCondition condition;
    private final boolean distinct;
    private final long cap;
    private final List<String> eventIds = new ArrayList<>();
    private final Set<String> values = new HashSet<>();
    private boolean started;
    private long start;
    private long count;

    ClosingWindow(GroupKey key, long now, long spanMillis, CountCondition condition, boolean distinct) {
        super(key, now);
        this.span = spanMillis;
        this.condition = condition;
        this.distinct = distinct;
        this.cap = condition.ceiling() == Long.MAX_VALUE ? Long.MAX_VALUE : condition.ceiling() + 1;
    }

    @Override
    CorrelationHit add(int source, long eventTime, String eventId, String value, long now) {
        if (distinct && value == null) {
            return null;
        }
        touchedAt = now;
        CorrelationHit due = null;
        if (started && eventTime >= start + span) {
            due = close();
            reset(now);
        }
        if (!started) {
            started = true;
            start = eventTime;
        }
        if (distinct) {
            if (count < cap && values.add(value)) {
                count = values.size();
                remember(eventId);
            }
        } else {
            count = Math.min(count + 1, cap);
            remember(eventId);
        }
        return due;
    }

    private void remember(String eventId) {
        if (eventIds.size() < CorrelationWindows.MAX_EVENT_IDS) {
            eventIds.add(eventId);
        }
    }

    private void reset(long now) {
        started = false;
        count = 0;
        values.clear();
        eventIds.clear();
        openedAt = now;
    }

    @Override
    CorrelationHit close() {
        return started && condition.test(count) ? new CorrelationHit(key, count, eventIds) : null;
    }

    /** Ended early, it is decided on what it has counted so far: never left undecided. */
    @Override
    boolean undecided() {
        return false;
    }

    @Override
    int held() {
        return eventIds.size() + values.size();
    }

    @Override
    boolean expired(long now) {
        return now - openedAt >= span;
    }
}
