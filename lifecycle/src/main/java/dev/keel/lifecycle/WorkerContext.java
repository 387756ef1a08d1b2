package dev.keel.lifecycle;

import java.time.Duration;
import java.util.Optional;

/**
 * What a running worker sees of its supervision: the stop signal, and a place to register the
 * resources that must be closed to end blocking calls that ignore interrupts.
 */
public interface WorkerContext {

    /**
     * The context of the worker running on this thread, for code a pool calls (handlers,
     * rescues) that wants to name its worker in a log line; empty on any other thread, such as
     * the one running a stop.
     */
    static Optional<WorkerContext> current() {
        return Optional.ofNullable(TrackedWorker.CURRENT.get());
    }

    /** The component that launched this worker. */
    String component();

    /** This worker's name within its component, such as {@code event-writer-2}. */
    String workerId();

    /** True once this worker has been asked to stop. Loops check it between iterations. */
    boolean stopRequested();

    /**
     * Sleeps up to {@code timeout}, waking early when stop is requested.
     *
     * @return true if stop was requested
     */
    boolean awaitStop(Duration timeout) throws InterruptedException;

    /**
     * Registers a source this worker blocks on (a server socket, a datagram socket, a watch
     * service, a connection it reads): closed as soon as stop is requested, so the blocked call
     * ends and the worker sees the signal. Also closed when the worker ends. If stop was already
     * requested it is closed at once.
     *
     * @return {@code resource}, for chaining
     */
    <C extends AutoCloseable> C closeOnStop(C resource);

    /**
     * Registers a resource that draining still needs (an HTTP client, a database connection):
     * closed only if the worker is still running when the drain deadline passes, and otherwise
     * when the worker ends.
     *
     * @return {@code resource}, for chaining
     */
    <C extends AutoCloseable> C closeOnCancel(C resource);
}
