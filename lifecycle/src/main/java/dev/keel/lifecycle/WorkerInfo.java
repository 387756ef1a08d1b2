package dev.keel.lifecycle;

import java.time.Instant;

/**
 * A snapshot of one live worker, as listed by the {@link WorkerRegistry}.
 *
 * @param key unique for the life of the process; used to look up the worker's stack
 * @param component the component that launched it
 * @param generation the component generation (1 for the first start, 2 after a restart, ...)
 * @param name the worker's role, shared by all members of a pool (for example {@code event-writer})
 * @param id the worker's own name within its component (for example {@code event-writer-2})
 * @param threadName the name of the thread it runs on
 * @param kind platform or virtual thread
 * @param state where it is in its life
 * @param startedAt when its thread started
 * @param restarts how often its recovery policy ran it again after a failure
 * @param lastFailure the last throwable that escaped it, or {@code null}
 */
public record WorkerInfo(
        long key,
        String component,
        long generation,
        String name,
        String id,
        String threadName,
        WorkerKind kind,
        WorkerState state,
        Instant startedAt,
        int restarts,
        FailureInfo lastFailure) {}
