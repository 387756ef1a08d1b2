package dev.keel.storage.testing;

import dev.keel.lifecycle.Admission;
import dev.keel.storage.Event;
import dev.keel.storage.EventSink;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/** A downstream for benchmarks that takes every batch at once and only counts its events. */
public final class CountingSink implements EventSink {

    private final LongAdder events = new LongAdder();

    @Override
    public Admission offer(List<Event> batch) {
        events.add(batch.size());
        return Admission.ACCEPTED;
    }

    @Override
    public Admission offer(List<Event> batch, Duration maxWait) {
        return offer(batch);
    }

    /** The events taken so far. */
    public long count() {
        return events.sum();
    }
}
