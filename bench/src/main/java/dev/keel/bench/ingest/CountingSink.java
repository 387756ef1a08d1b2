package dev.keel.bench.ingest;

import dev.keel.lifecycle.Admission;
import dev.keel.storage.Event;
import dev.keel.storage.EventSink;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The downstream of the ingest benchmarks: takes everything at once and only counts it.
 *
 * <p>{@code dev.keel.ingest.bench.HttpIngestBenchServer} (ingest's test sources) has its own copy:
 * that server needs Tomcat, which the bench module does not have, and this module cannot see
 * ingest's test classes, nor ingest's main code a benchmark-only class. Keep the two alike.
 */
final class CountingSink implements EventSink {

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

    long count() {
        return events.sum();
    }
}
