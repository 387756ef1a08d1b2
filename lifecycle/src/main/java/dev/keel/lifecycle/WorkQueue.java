package dev.keel.lifecycle;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded queue that a pool consumes, with the two promises the data path relies on: an offer
 * of many items is all-or-nothing, and a closed queue refuses new items while its consumers
 * drain what it holds.
 *
 * <p>Thread-safe. All state is guarded by {@link #lock}. Producers may wait for room for
 * batches of different sizes, so freeing room wakes all of them.
 *
 * @param <T> the item type
 */
public final class WorkQueue<T> {

    private final String name;
    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final ArrayDeque<T> items = new ArrayDeque<>();
    private boolean closed;

    public WorkQueue(String name, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("queue " + name + ": capacity must be >= 1, was " + capacity);
        }
        this.name = name;
        this.capacity = capacity;
    }

    public String name() {
        return name;
    }

    public int capacity() {
        return capacity;
    }

    public int size() {
        lock.lock();
        try {
            return items.size();
        } finally {
            lock.unlock();
        }
    }

    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** Queues the item if there is room, without waiting. */
    public Admission offer(T item) {
        Objects.requireNonNull(item, "item");
        lock.lock();
        try {
            if (closed) {
                return Admission.CLOSED;
            }
            if (items.size() >= capacity) {
                return Admission.FULL;
            }
            items.addLast(item);
            notEmpty.signal();
            return Admission.ACCEPTED;
        } finally {
            lock.unlock();
        }
    }

    /** Queues all of {@code batch} or, if there is not room for all of it, none of it. */
    public Admission offerAll(Collection<? extends T> batch) {
        batch.forEach(item -> Objects.requireNonNull(item, "item"));
        lock.lock();
        try {
            if (closed) {
                return Admission.CLOSED;
            }
            if (capacity - items.size() < batch.size()) {
                return Admission.FULL;
            }
            items.addAll(batch);
            signalConsumers(batch.size());
            return Admission.ACCEPTED;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Queues the item, waiting up to {@code timeout} for room: the backpressure a reader applies
     * by not reading more until its last item is queued.
     */
    public Admission offer(T item, Duration timeout) throws InterruptedException {
        return offerAll(List.of(item), timeout);
    }

    /**
     * Queues all of {@code batch}, waiting up to {@code timeout} for room for all of it; FULL
     * (nothing queued) if there is none by then. A batch larger than the capacity is FULL at once.
     */
    public Admission offerAll(Collection<? extends T> batch, Duration timeout) throws InterruptedException {
        batch.forEach(item -> Objects.requireNonNull(item, "item"));
        long nanos = timeout.toNanos();
        lock.lockInterruptibly();
        try {
            while (!closed && capacity - items.size() < batch.size()) {
                if (nanos <= 0 || batch.size() > capacity) {
                    return Admission.FULL;
                }
                nanos = notFull.awaitNanos(nanos);
            }
            if (closed) {
                return Admission.CLOSED;
            }
            items.addAll(batch);
            signalConsumers(batch.size());
            return Admission.ACCEPTED;
        } finally {
            lock.unlock();
        }
    }

    /** Takes the next item, waiting for one; {@code null} once the queue is closed and empty. */
    public T take() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (items.isEmpty()) {
                if (closed) {
                    return null;
                }
                notEmpty.await();
            }
            T item = items.pollFirst();
            notFull.signalAll();
            return item;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes up to {@code max} items: waits for the first, then until {@code max} are there or
     * {@code maxAge} has passed since the first was taken, whichever is sooner. A closed queue
     * hands out what it has at once. Empty only once the queue is closed and empty.
     */
    public List<T> takeBatch(int max, Duration maxAge) throws InterruptedException {
        return takeBatch(max, max, maxAge);
    }

    /**
     * Like {@link #takeBatch(int, Duration)}, but returns as soon as {@code flushAt} items are
     * there, taking everything then queued up to {@code max}: batches stay small while traffic is
     * light and grow under load, when fewer, larger hand-offs are cheaper.
     */
    public List<T> takeBatch(int flushAt, int max, Duration maxAge) throws InterruptedException {
        if (flushAt < 1 || max < flushAt) {
            throw new IllegalArgumentException("queue " + name + ": need 1 <= flushAt <= max");
        }
        List<T> batch = new ArrayList<>(Math.min(max, 1024));
        lock.lockInterruptibly();
        try {
            while (items.isEmpty() && !closed) {
                notEmpty.await();
            }
            // Claim items as they come, so another consumer cannot take them while this one waits:
            // the batch is empty only when the queue is closed and empty.
            long nanos = maxAge.toNanos();
            moveTo(batch, max);
            while (batch.size() < flushAt && !closed && nanos > 0) {
                try {
                    nanos = notEmpty.awaitNanos(nanos);
                } catch (InterruptedException e) {
                    // The items claimed are the caller's now: hand them over (interrupted) rather than drop them.
                    Thread.currentThread().interrupt();
                    return batch;
                }
                moveTo(batch, max);
            }
            return batch;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Closes the queue to new items. Consumers go on taking what it holds; a waiting consumer of
     * an empty queue, and a producer waiting for room, are woken and told.
     */
    public void close() {
        lock.lock();
        try {
            closed = true;
            notEmpty.signalAll();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Removes and returns everything queued, for a stop that must account for every item. */
    public List<T> drainAll() {
        lock.lock();
        try {
            List<T> all = new ArrayList<>(items);
            items.clear();
            notFull.signalAll();
            return all;
        } finally {
            lock.unlock();
        }
    }

    private void moveTo(List<T> batch, int max) {
        int moved = 0;
        while (batch.size() < max && !items.isEmpty()) {
            batch.add(items.pollFirst());
            moved++;
        }
        if (moved > 0) {
            notFull.signalAll();
        }
    }

    private void signalConsumers(int added) {
        if (added == 1) {
            notEmpty.signal();
        } else if (added > 1) {
            notEmpty.signalAll();
        }
    }

    @Override
    public String toString() {
        return "WorkQueue[" + name + ", " + size() + "/" + capacity + (isClosed() ? ", closed" : "") + "]";
    }
}
