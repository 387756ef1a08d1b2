package dev.keel.lifecycle;

/** Where a live worker is in its life. A worker that has ended is no longer listed at all. */
public enum WorkerState {
    /** Running its task, loop or pool. */
    RUNNING,
    /** Waiting out a backoff after a failure before it runs again. */
    BACKING_OFF,
    /** Asked to stop: a loop finishes its iteration, a pool drains its queue. */
    STOPPING,
    /** Interrupted and its resources closed because the drain deadline passed. */
    CANCELLED
}
