package dev.keel.lifecycle;

import java.time.Duration;
import java.util.Objects;

/**
 * The rest of a pool's description: how it handles items, and who takes the items it could not
 * finish. Without a rescue, unfinished items are logged as lost and counted in
 * {@code keel.queue.lost}; a pool whose items must not be lost sets one.
 */
public final class PoolBuilder<T> {

    private final WorkerBuilder worker;
    private final int size;
    private final WorkQueue<T> queue;
    private Rescue<T> rescue;

    PoolBuilder(WorkerBuilder worker, int size, WorkQueue<T> queue) {
        this.worker = worker;
        this.size = size;
        this.queue = queue;
    }

    public PoolBuilder<T> rescue(Rescue<T> rescue) {
        this.rescue = Objects.requireNonNull(rescue, "rescue");
        return this;
    }

    /** Each worker takes one item at a time. */
    public WorkerHandle each(ItemHandler<T> handler) {
        return worker.launchPool(size, body(Objects.requireNonNull(handler, "handler"), null, 1, 1, Duration.ZERO));
    }

    /**
     * Each worker takes batches of up to {@code maxBatch} items, waiting at most {@code maxAge}
     * after the first item for the batch to fill.
     */
    public WorkerHandle eachBatch(int maxBatch, Duration maxAge, BatchHandler<T> handler) {
        return eachBatch(maxBatch, maxBatch, maxAge, handler);
    }

    /**
     * Each worker hands on a batch once {@code flushAt} items are queued or {@code maxAge} has
     * passed since its first item, taking everything then queued up to {@code maxBatch}: small
     * batches under light traffic, large ones under load (see {@link WorkQueue#takeBatch(int, int, Duration)}).
     */
    public WorkerHandle eachBatch(int flushAt, int maxBatch, Duration maxAge, BatchHandler<T> handler) {
        if (flushAt < 1 || maxBatch < flushAt || maxAge.isNegative()) {
            throw new IllegalArgumentException(worker.name() + ": need 1 <= flushAt <= maxBatch and maxAge >= 0");
        }
        return worker.launchPool(size, body(null, Objects.requireNonNull(handler, "handler"), flushAt, maxBatch, maxAge));
    }

    private PoolBody<T> body(ItemHandler<T> items, BatchHandler<T> batches, int flushAt, int maxBatch,
            Duration maxAge) {
        Supervisor supervisor = worker.supervisor();
        Rescue<T> chosen = rescue != null ? rescue
                : PoolBody.noRescue(supervisor.component(), worker.name(), supervisor.metrics());
        return new PoolBody<>(supervisor.component(), worker.name(), queue, items, batches, flushAt, maxBatch,
                maxAge, chosen, supervisor.metrics());
    }
}
