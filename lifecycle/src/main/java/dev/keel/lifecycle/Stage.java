package dev.keel.lifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The workers of one launch (a single worker or a whole pool), stopped together. A task, loop
 * or tick is signalled as soon as the stop begins; a pool is asked to drain only when every
 * stage launched after it has ended.
 */
final class Stage implements WorkerHandle {

    private final String name;
    private final StopSignal signal;
    private final List<TrackedWorker> workers = new ArrayList<>();
    private final PoolBody<?> pool;
    private final AtomicInteger running;

    Stage(String name, StopSignal signal, PoolBody<?> pool, int size) {
        this.name = name;
        this.signal = signal;
        this.pool = pool;
        this.running = new AtomicInteger(size);
    }

    /** Called only while the stage is being built, under the supervisor's lock. */
    void add(TrackedWorker worker) {
        workers.add(worker);
    }

    List<TrackedWorker> workers() {
        return workers;
    }

    StopSignal signal() {
        return signal;
    }

    boolean isPool() {
        return pool != null;
    }

    /** First step of a stop: tasks, loops and ticks are told and their sources closed; pools go on. */
    void signalStop() {
        if (pool == null) {
            requestStop();
        }
    }

    /** Second step: a pool closes its queue and drains it; then wait for every worker to end. */
    boolean drain(Deadline deadline) {
        requestStop();
        return awaitEnd(deadline);
    }

    private void requestStop() {
        signal.request();
        if (pool != null) {
            pool.closeQueue();
        }
        workers.forEach(TrackedWorker::closeSources);
    }

    /** Counts a worker's end; true when it was the last of this stage. */
    boolean workerEnded() {
        return running.decrementAndGet() == 0;
    }

    boolean awaitEnd(Deadline deadline) {
        boolean ended = true;
        for (TrackedWorker worker : workers) {
            ended &= worker.awaitEnd(deadline);
        }
        return ended;
    }

    List<TrackedWorker> alive() {
        return workers.stream().filter(TrackedWorker::isAlive).toList();
    }

    /** Hands what is still queued to the pool's rescue, so it is accounted for. */
    void rescueLeftovers() {
        if (pool != null) {
            pool.rescueLeftovers();
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean isAlive() {
        return workers.stream().anyMatch(TrackedWorker::isAlive);
    }
}
