package dev.keel.detect;

import dev.keel.lifecycle.Admission;
import dev.keel.storage.Event;
import dev.keel.storage.EventSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Storage stand-in for tests: records what it accepts, or answers FULL or CLOSED on demand
 * (all-or-nothing, as the contract says), honouring the wait like a real queue would: a FULL
 * offer waits up to its {@code maxWait} for the sink to be told to take again, and a batch
 * larger than the capacity is FULL at once.
 */
public final class RecordingEventSink implements EventSink {

    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled whenever the answer or the capacity changes: what a full queue's waiters wait for. */
    private final Condition changed = lock.newCondition();
    private final List<Event> accepted = new ArrayList<>();
    private Admission answer = Admission.ACCEPTED;
    private int capacity = Integer.MAX_VALUE;
    private int fullAnswers;

    /** From now on answer {@code admission} instead of accepting (ACCEPTED to accept again). */
    public RecordingEventSink answer(Admission admission) {
        lock.lock();
        try {
            this.answer = admission;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        return this;
    }

    /** Answers FULL to any batch larger than {@code capacity}, as a queue of that capacity would. */
    public RecordingEventSink capacity(int capacity) {
        lock.lock();
        try {
            this.capacity = capacity;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        return this;
    }

    @Override
    public Admission offer(List<Event> events) {
        lock.lock();
        try {
            return take(events);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Admission offer(List<Event> events, Duration maxWait) throws InterruptedException {
        long nanos = maxWait.toNanos();
        lock.lock();
        try {
            // An interrupt (the drain deadline) cuts a wait short; an offer answered at once ignores it.
            while (answer == Admission.FULL && events.size() <= capacity && nanos > 0) {
                nanos = changed.awaitNanos(nanos);
            }
            return take(events);
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock. */
    private Admission take(List<Event> events) {
        Admission now = events.size() > capacity ? Admission.FULL : answer;
        if (now == Admission.ACCEPTED) {
            accepted.addAll(events);
        } else if (now == Admission.FULL) {
            fullAnswers++;
        }
        return now;
    }

    public List<Event> events() {
        lock.lock();
        try {
            return List.copyOf(accepted);
        } finally {
            lock.unlock();
        }
    }

    public List<String> ids() {
        return events().stream().map(Event::eventId).toList();
    }

    public int count() {
        lock.lock();
        try {
            return accepted.size();
        } finally {
            lock.unlock();
        }
    }

    public int fullAnswers() {
        lock.lock();
        try {
            return fullAnswers;
        } finally {
            lock.unlock();
        }
    }
}
