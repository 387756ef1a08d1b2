package dev.keel.ingest.support;

import dev.keel.lifecycle.Admission;
import dev.keel.storage.Event;
import dev.keel.storage.EventSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;

/**
 * A downstream for tests: records every batch it accepts. It can be told to answer FULL (as a
 * detect whose queue is full would: a waiting offer then waits for {@link #accept()} or its
 * timeout), or FULL for every n-th offer, or CLOSED.
 */
public final class RecordingSink implements EventSink {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<Event> events = new ArrayList<>();
    private Admission refusal;
    private int refuseEvery;
    private long offers;
    private boolean keep = true;
    private long count;
    private int waiting;

    public static RecordingSink accepting() {
        return new RecordingSink();
    }

    /** Counts events without keeping them: for tests that move millions. */
    public static RecordingSink counting() {
        RecordingSink sink = new RecordingSink();
        sink.keep = false;
        return sink;
    }

    public static RecordingSink full() {
        RecordingSink sink = new RecordingSink();
        sink.refuseWith(Admission.FULL);
        return sink;
    }

    /** From now on answer {@code admission} (FULL or CLOSED) to every offer. */
    public void refuseWith(Admission admission) {
        lock.lock();
        try {
            refusal = admission;
        } finally {
            lock.unlock();
        }
    }

    /** From now on answer FULL to every {@code n}-th offer and accept the others. */
    public void refuseEvery(int n) {
        lock.lock();
        try {
            refuseEvery = n;
        } finally {
            lock.unlock();
        }
    }

    /** Accept every offer again, waking waiting offers. */
    public void accept() {
        lock.lock();
        try {
            refusal = null;
            refuseEvery = 0;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public void clear() {
        lock.lock();
        try {
            events.clear();
            count = 0;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Admission offer(List<Event> batch) {
        lock.lock();
        try {
            return take(batch);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Admission offer(List<Event> batch, Duration maxWait) throws InterruptedException {
        long nanos = maxWait.toNanos();
        lock.lockInterruptibly();
        try {
            waiting++;
            try {
                while (refusal == Admission.FULL && nanos > 0) {
                    nanos = changed.awaitNanos(nanos);
                }
            } finally {
                waiting--;
            }
            return take(batch);
        } finally {
            lock.unlock();
        }
    }

    private Admission take(List<Event> batch) {
        offers++;
        if (refusal != null) {
            return refusal;
        }
        if (refuseEvery > 0 && offers % refuseEvery == 0) {
            return Admission.FULL;
        }
        count += batch.size();
        if (keep) {
            events.addAll(batch);
        }
        return Admission.ACCEPTED;
    }

    public List<Event> events() {
        lock.lock();
        try {
            return List.copyOf(events);
        } finally {
            lock.unlock();
        }
    }

    public int count() {
        lock.lock();
        try {
            return (int) count;
        } finally {
            lock.unlock();
        }
    }

    /** Offers waiting right now for this sink to accept again. */
    public int waitingOffers() {
        lock.lock();
        try {
            return waiting;
        } finally {
            lock.unlock();
        }
    }

    public Set<String> ids() {
        return events().stream().map(Event::eventId).collect(Collectors.toSet());
    }

    /** Waits until at least {@code n} events arrived, up to 30 s, and returns all of them. */
    public List<Event> awaitCount(int n) {
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .alias("expected " + n + " events downstream")
                .until(this::count, count -> count >= n);
        return events();
    }
}
