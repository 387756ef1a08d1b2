package dev.keel.storage;

import dev.keel.lifecycle.Admission;
import java.time.Duration;
import java.util.List;

/**
 * Where a stage hands events on: detect's input for ingest, storage's input for detect.
 * Admission is all-or-nothing: ACCEPTED means every event is now counted downstream; FULL and
 * CLOSED mean none is, and the caller still owns them.
 */
public interface EventSink {

    /** Offers the batch without waiting. */
    Admission offer(List<Event> events);

    /** Offers the batch, waiting up to {@code maxWait} for room for all of it. */
    Admission offer(List<Event> events, Duration maxWait) throws InterruptedException;
}
