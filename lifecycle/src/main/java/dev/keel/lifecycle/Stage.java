package dev.keel.lifecycle;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The workers of one launch, stopped together: a single worker, a whole pool, or the tasks of
 * one executor, or a resource to close in turn. A task, loop or tick is signalled as soon as the
 * stop begins; a pool, an executor and a resource have their turn only when every stage launched
 * after them has ended, so an executor keeps taking tasks, and a client stays open, while the
 * stages that use them drain.
 */
final class Stage implements WorkerHandle {

    enum Kind { SINGLE, POOL, EXECUTOR, RESOURCE }

    private final String name;
    private final Kind kind;
    private final PoolBody<?> pool;
    private final AutoCloseable resource;
    private final StopSignal signal = new StopSignal();
    /** Live members; each removes itself as it ends. */
    private final Set<TrackedWorker> workers = ConcurrentHashMap.newKeySet();
    /** Executors only; written under the supervisor's lock, with launches into this stage. */
    private volatile boolean closedToLaunches;

    private Stage(String name, Kind kind, PoolBody<?> pool, AutoCloseable resource) {
        this.name = name;
        this.kind = kind;
        this.pool = pool;
        this.resource = resource;
    }

    static Stage single(String name) {
        return new Stage(name, Kind.SINGLE, null, null);
    }

    static Stage pool(String name, PoolBody<?> pool) {
        return new Stage(name, Kind.POOL, pool, null);
    }

    static Stage executor(String name) {
        return new Stage(name, Kind.EXECUTOR, null, null);
    }

    static Stage resource(String name, AutoCloseable resource) {
        return new Stage(name, Kind.RESOURCE, null, resource);
    }

    void add(TrackedWorker worker) {
        workers.add(worker);
    }

    /** Forgets an ended member; true when a single worker's stage is done with and can be forgotten too. */
    boolean workerEnded(TrackedWorker worker) {
        workers.remove(worker);
        return kind == Kind.SINGLE;
    }

    StopSignal signal() {
        return signal;
    }

    Kind kind() {
        return kind;
    }

    boolean closedToLaunches() {
        return closedToLaunches;
    }

    /** Called under the supervisor's lock, so no launch into this stage can slip in after it. */
    void closeToLaunches() {
        closedToLaunches = true;
    }

    /** First step of a stop: tasks, loops and ticks are told and their sources closed; pools and executors go on. */
    void signalStop() {
        if (kind == Kind.SINGLE) {
            requestStop();
        }
    }

    /**
     * Second step, in this stage's turn: a pool closes its queue and drains it, a resource is
     * closed; then wait for every member to end. A resource that fails to close is returned, for
     * the caller to report.
     */
    Exception drain(Deadline deadline) {
        requestStop();
        Exception closeFailure = closeResource();
        for (TrackedWorker worker : List.copyOf(workers)) {
            worker.awaitEnd(deadline);
        }
        return closeFailure;
    }

    /** Signals the members, closes a pool's queue and the sources the members registered. */
    void requestStop() {
        signal.request();
        if (pool != null) {
            pool.closeQueue();
        }
        workers.forEach(TrackedWorker::closeSources);
    }

    /** Closes a resource stage's resource; a failure is returned, not thrown. */
    Exception closeResource() {
        if (resource == null) {
            return null;
        }
        try {
            resource.close();
            return null;
        } catch (Exception e) {
            return e;
        }
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
