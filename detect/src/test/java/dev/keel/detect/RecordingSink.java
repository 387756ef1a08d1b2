package dev.keel.detect;

import dev.keel.lifecycle.Admission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A storage stand-in's core, for events and alerts alike: records what it accepts, or answers FULL
 * or CLOSED on demand (all-or-nothing, as the sink contract says), honouring the wait like a real
 * queue would: a FULL offer waits up to its {@code maxWait} for the sink to be told to take again,
 * and a batch larger than the capacity is FULL at once.
 */
public abstract class RecordingSink<T> {

    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled whenever the answer or the capacity changes: what a full queue's waiters wait for. */
    private final Condition changed = lock.newCondition();
    private final List<T> accepted = new ArrayList<>();
    private Admission answer = Admission.ACCEPTED;
    private int capacity = Integer.MAX_VALUE;
    private int fullAnswers;

    /** From now on answer {@code admission} instead of accepting (ACCEPTED to accept again). */
    public void answer(Admission admission) {
        lock.lock();
        try {
            this.answer = admission;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Answers FULL to any batch larger than {@code capacity}, as a queue of that capacity would. */
    public void capacity(int capacity) {
        lock.lock();
        try {
            this.capacity = capacity;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public Admission offer(List<T> batch) {
        lock.lock();
        try {
            return take(batch);
        } finally {
            lock.unlock();
        }
    }

    public Admission offer(List<T> batch, Duration maxWait) throws InterruptedException {
        long nanos = maxWait.toNanos();
        lock.lock();
        try {
            // An interrupt (the drain deadline) cuts a wait short; an offer answered at once ignores it.
            while (answer == Admission.FULL && batch.size() <= capacity && nanos > 0) {
                nanos = changed.awaitNanos(nanos);
            }
            return take(batch);
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock. */
    private Admission take(List<T> batch) {
        Admission now = batch.size() > capacity ? Admission.FULL : answer;
        if (now == Admission.ACCEPTED) {
            accepted.addAll(batch);
        } else if (now == Admission.FULL) {
            fullAnswers++;
        }
        return now;
    }

    /** Everything accepted so far, in the order accepted. */
    protected List<T> accepted() {
        lock.lock();
        try {
            return List.copyOf(accepted);
        } finally {
            lock.unlock();
        }
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
