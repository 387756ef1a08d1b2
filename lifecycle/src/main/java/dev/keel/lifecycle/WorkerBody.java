package dev.keel.lifecycle;

/** The shape of a worker's life (task, loop, tick, pool); recovery wraps it in {@link TrackedWorker}. */
@FunctionalInterface
interface WorkerBody {

    void run(TrackedWorker worker) throws Exception;

    /** Pools go on draining their closed queue after stop is requested; the other shapes end. */
    default boolean drainsAfterStop() {
        return false;
    }

    static WorkerBody once(WorkerTask task) {
        return task::run;
    }

    static WorkerBody loop(WorkerTask task) {
        return worker -> {
            while (!worker.stopRequested()) {
                task.run(worker);
                worker.succeeded();
            }
        };
    }

    /** Fixed delay: waits {@code period}, runs, waits again; a stop request ends the wait. */
    static WorkerBody every(java.time.Duration period, WorkerTask task) {
        return worker -> {
            while (!worker.awaitStop(period)) {
                task.run(worker);
                worker.succeeded();
            }
        };
    }
}
