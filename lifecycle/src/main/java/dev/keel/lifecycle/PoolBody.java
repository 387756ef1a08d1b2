package dev.keel.lifecycle;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pool worker's life: take from the queue, handle, repeat, until the queue is closed and
 * empty. A batch the handler throws on goes to the rescue before recovery runs.
 */
final class PoolBody<T> implements WorkerBody {

    private static final Logger log = LoggerFactory.getLogger(PoolBody.class);

    private final String component;
    private final String name;
    private final WorkQueue<T> queue;
    private final ItemHandler<T> itemHandler;
    private final BatchHandler<T> batchHandler;
    private final int flushAt;
    private final int maxBatch;
    private final Duration maxAge;
    private final Rescue<T> rescue;
    private final LifecycleMetrics metrics;

    PoolBody(String component, String name, WorkQueue<T> queue, ItemHandler<T> itemHandler,
            BatchHandler<T> batchHandler, int flushAt, int maxBatch, Duration maxAge, Rescue<T> rescue,
            LifecycleMetrics metrics) {
        this.component = component;
        this.name = name;
        this.queue = queue;
        this.itemHandler = itemHandler;
        this.batchHandler = batchHandler;
        this.flushAt = flushAt;
        this.maxBatch = maxBatch;
        this.maxAge = maxAge;
        this.rescue = rescue;
        this.metrics = metrics;
    }

    @Override
    public void run(TrackedWorker worker) throws Exception {
        if (itemHandler != null) {
            for (T item = queue.take(); item != null; item = queue.take()) {
                handleItem(item);
                worker.succeeded();
            }
        } else {
            for (List<T> batch = queue.takeBatch(flushAt, maxBatch, maxAge); !batch.isEmpty() || !queue.isClosed();
                    batch = queue.takeBatch(flushAt, maxBatch, maxAge)) {
                if (!batch.isEmpty()) {
                    handleBatch(batch);
                    worker.succeeded();
                }
            }
        }
    }

    private void handleItem(T item) throws Exception {
        try {
            itemHandler.handle(item);
        } catch (Throwable failure) {
            rescue(List.of(item), failure);
            throw failure;
        }
    }

    private void handleBatch(List<T> batch) throws Exception {
        try {
            batchHandler.handle(batch);
        } catch (Throwable failure) {
            rescue(batch, failure);
            throw failure;
        }
    }

    @Override
    public boolean drainsAfterStop() {
        return true;
    }

    void closeQueue() {
        queue.close();
    }

    void rescueLeftovers() {
        List<T> left = queue.drainAll();
        if (!left.isEmpty()) {
            rescue(left, new CancellationException(
                    component + "/" + name + ": " + left.size() + " items still queued at the stop deadline"));
        }
    }

    private void rescue(List<T> items, Throwable cause) {
        try {
            rescue.rescue(items, cause);
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (Throwable failure) {
            log.error("{}/{}: rescue of {} unfinished items failed; they are lost", component, name,
                    items.size(), failure);
            metrics.lost(name, items.size());
        }
    }

    /** The rescue of a pool that was given none: says loudly what was lost, and counts it. */
    static <T> Rescue<T> noRescue(String component, String name, LifecycleMetrics metrics) {
        return (items, cause) -> {
            log.error("{}/{}: {} unfinished items and no rescue for them; they are lost ({})", component,
                    name, items.size(), cause.toString());
            metrics.lost(name, items.size());
        };
    }
}
