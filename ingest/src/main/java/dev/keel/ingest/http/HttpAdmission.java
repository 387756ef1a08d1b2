package dev.keel.ingest.http;

import dev.keel.lifecycle.Admission;
import dev.keel.storage.Event;
import dev.keel.storage.EventSink;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The gate between HTTP requests and downstream. While open, a request's events are offered
 * downstream all-or-nothing; once closed (ingest stopping) requests are refused, and
 * {@link #closeAndAwaitIdle()} waits for the offers already under way, so that once ingest has
 * stopped no HTTP event reaches downstream any more. A 202 is only ever sent for an ACCEPTED
 * offer: from then on downstream counts those events.
 *
 * <p>Thread-safe; {@link #lock} guards {@link #open} and {@link #inFlight}.
 */
public final class HttpAdmission {

    private final EventSink downstream;
    private final Duration wait;
    private final Object lock = new Object();
    private boolean open;
    private int inFlight;

    public HttpAdmission(EventSink downstream, Duration wait) {
        this.downstream = Objects.requireNonNull(downstream, "downstream");
        this.wait = Objects.requireNonNull(wait, "wait");
    }

    /** Lets requests through: ingest is running. */
    public void open() {
        synchronized (lock) {
            open = true;
        }
    }

    /** Refuses new requests, then waits for the offers under way to finish. */
    public void closeAndAwaitIdle() throws InterruptedException {
        synchronized (lock) {
            open = false;
            while (inFlight > 0) {
                lock.wait();
            }
        }
    }

    public boolean isOpen() {
        synchronized (lock) {
            return open;
        }
    }

    /** Offers all of {@code events} downstream, waiting up to the admission wait for room; CLOSED if the gate is. */
    Admission admit(List<Event> events) throws InterruptedException {
        synchronized (lock) {
            if (!open) {
                return Admission.CLOSED;
            }
            inFlight++;
        }
        try {
            return wait.isZero() ? downstream.offer(events) : downstream.offer(events, wait);
        } finally {
            synchronized (lock) {
                if (--inFlight == 0) {
                    lock.notifyAll();
                }
            }
        }
    }
}
