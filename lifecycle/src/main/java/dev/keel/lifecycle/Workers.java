package dev.keel.lifecycle;

import java.util.concurrent.Executor;

/**
 * How a component launches workers for the generation being started. Handed to
 * {@link Component#startUp(Workers)}; launching is refused once the component is stopping.
 *
 * <p>At stop, workers are stopped in the reverse order of their launch, each launch (a worker or
 * a whole pool) as one stage: launch consumers before the producers that feed them, and the
 * producers are stopped and gone before the consumers drain.
 */
public interface Workers {

    /** Starts describing a worker (or a pool of them) in the role {@code name}. */
    WorkerBuilder worker(String name);

    /**
     * Creates a bounded queue for a pool of this generation and publishes its depth and capacity
     * as {@code keel.queue.depth} and {@code keel.queue.capacity}.
     */
    <T> WorkQueue<T> queue(String name, int capacity);

    /**
     * An {@link Executor} that runs each task as a tracked one-shot virtual-thread worker named
     * {@code name}: for libraries that want an executor (HTTP clients, database drivers). It is a
     * stage of its own, so it keeps taking tasks while the stages launched after it drain (create
     * it before the pool whose handlers use it), and refuses them with
     * {@link java.util.concurrent.RejectedExecutionException} once its own turn to drain comes.
     */
    Executor executor(String name);

    /**
     * Closes {@code resource} in its turn during the stop: after every stage launched after this
     * call has drained, before those launched before it. For a resource several workers share
     * while they drain, such as an HTTP client: register it before the pool that uses it.
     *
     * @return {@code resource}, for chaining
     */
    <C extends AutoCloseable> C closeInTurn(String name, C resource);
}
