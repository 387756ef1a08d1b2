package dev.keel.lifecycle;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Launches and stops the workers of one component generation. Launching is refused once the
 * stop has begun, so a stop sees every worker there will ever be.
 */
final class Supervisor implements Workers {

    private static final Logger log = LoggerFactory.getLogger(Supervisor.class);

    private final String component;
    private final long generation;
    private final WorkerRegistry registry;
    private final LifecycleMetrics metrics;
    private final BiConsumer<TrackedWorker, Throwable> escalation;

    /** Guards the three collections below and {@code stopping}. */
    private final Object lock = new Object();
    private final Set<Stage> stages = new LinkedHashSet<>();
    private final Map<String, WorkQueue<?>> queues = new LinkedHashMap<>();
    private final Map<String, Integer> launches = new HashMap<>();
    private boolean stopping;
    /** Set once start-up has returned; workers launched after it (per connection, per task) are numbered. */
    private boolean startedUp;

    Supervisor(String component, long generation, WorkerRegistry registry, LifecycleMetrics metrics,
            BiConsumer<TrackedWorker, Throwable> escalation) {
        this.component = component;
        this.generation = generation;
        this.registry = registry;
        this.metrics = metrics;
        this.escalation = escalation;
    }

    @Override
    public WorkerBuilder worker(String name) {
        return new WorkerBuilder(this, name);
    }

    @Override
    public <T> WorkQueue<T> queue(String name, int capacity) {
        WorkQueue<T> queue = new WorkQueue<>(name, capacity);
        synchronized (lock) {
            if (queues.putIfAbsent(name, queue) != null) {
                throw new IllegalArgumentException("component " + component + " already has a queue " + name);
            }
        }
        metrics.track(queue);
        return queue;
    }

    @Override
    public Executor executor(String name) {
        Stage stage = Stage.executor(name);
        synchronized (lock) {
            refuseIfStopping(name);
            stages.add(stage);
        }
        return task -> launchTask(stage, task);
    }

    @Override
    public <C extends AutoCloseable> C closeInTurn(String name, C resource) {
        synchronized (lock) {
            refuseIfStopping(name);
            stages.add(Stage.resource(name, resource));
        }
        return resource;
    }

    WorkerHandle launch(String name, WorkerKind kind, RecoveryPolicy policy, int size, WorkerBody body,
            PoolBody<?> pool) {
        synchronized (lock) {
            refuseIfStopping(name);
            Stage stage = pool == null ? Stage.single(name) : Stage.pool(name, pool);
            List<TrackedWorker> members = new ArrayList<>(size);
            int last = launches.merge(name, size, Integer::sum);
            for (int i = last - size + 1; i <= last; i++) {
                String id = pool == null && !startedUp && last == 1 ? name : name + "-" + i;
                TrackedWorker worker = new TrackedWorker(this, stage, id, kind, policy, body);
                members.add(worker);
                stage.add(worker);
            }
            stages.add(stage);
            members.forEach(this::start);
            return stage;
        }
    }

    /** An executor's task joins the executor's stage; it is refused once that stage drains, not before. */
    private void launchTask(Stage executor, Runnable task) {
        synchronized (lock) {
            if (executor.closedToLaunches()) {
                throw new RejectedExecutionException(
                        "component " + component + " is stopping; executor " + executor.name() + " is closed");
            }
            String id = executor.name() + "-" + launches.merge(executor.name(), 1, Integer::sum);
            TrackedWorker worker = new TrackedWorker(this, executor, id, WorkerKind.VIRTUAL, RecoveryPolicy.exit(),
                    WorkerBody.once(context -> task.run()));
            executor.add(worker);
            start(worker);
        }
    }

    private void start(TrackedWorker worker) {
        registry.register(worker);
        try {
            worker.start();
        } catch (RuntimeException | Error e) {
            workerEnded(worker);
            throw e;
        }
        metrics.workerStarted(worker.name());
    }

    void startUpFinished() {
        synchronized (lock) {
            startedUp = true;
        }
    }

    private void refuseIfStopping(String name) {
        if (stopping) {
            throw new RejectedExecutionException(
                    "component " + component + " is stopping; worker " + name + " not launched");
        }
    }

    /**
     * Stops every worker: signals tasks, loops and ticks at once; then, newest stage first, gives
     * each stage its turn (a pool drains, an executor stops taking tasks, a resource closes) and
     * waits for its workers, until {@code cancelAt}. Whatever still runs then is cancelled; the
     * stages that had no turn yet are stopped and pools' leftovers rescued; the cancelled workers
     * are awaited until {@code hardDeadline}; only then are the remaining resources closed, so
     * every rescue can still use them. Returns the workers still running at the end.
     */
    List<StuckWorker> stop(Deadline cancelAt, Deadline hardDeadline) {
        List<Stage> newestFirst;
        synchronized (lock) {
            stopping = true;
            newestFirst = new ArrayList<>(stages).reversed();
        }
        newestFirst.forEach(Stage::signalStop);
        int turns = 0;
        while (turns < newestFirst.size() && !cancelAt.expired()) {
            Stage stage = newestFirst.get(turns++);
            if (stage.kind() == Stage.Kind.EXECUTOR) {
                synchronized (lock) {
                    stage.closeToLaunches();
                }
            }
            report(stage, stage.drain(cancelAt));
        }
        // Stages that had no turn are closed and told before anything is cancelled: no task joins
        // an executor after the workers to cancel are counted, and pool queues close first.
        List<Stage> noTurn = newestFirst.subList(turns, newestFirst.size());
        synchronized (lock) {
            noTurn.forEach(Stage::closeToLaunches);
        }
        noTurn.forEach(Stage::requestStop);
        List<TrackedWorker> left = othersAlive(newestFirst);
        if (!left.isEmpty()) {
            log.warn("component {}: drain deadline passed, cancelling {} workers: {}", component, left.size(), left);
            left.forEach(TrackedWorker::cancel);
        }
        // Within the cancel grace: a worker still alive can take nothing more from a closed, empty queue.
        newestFirst.forEach(Stage::rescueLeftovers);
        // A cancelled pool worker rescues the batch in its hands as it ends: its resources stay open until then.
        left.forEach(worker -> worker.awaitEnd(hardDeadline));
        noTurn.forEach(stage -> report(stage, stage.closeResource()));
        return othersAlive(newestFirst).stream().map(TrackedWorker::stuck).toList();
    }

    private void report(Stage stage, Exception closeFailure) {
        if (closeFailure != null) {
            log.warn("component {}: closing {} failed", component, stage.name(), closeFailure);
        }
    }

    /** The workers still running, but those that are part of the stop (a worker stopping its component, or waiting for that). */
    private static List<TrackedWorker> othersAlive(List<Stage> stages) {
        return stages.stream().flatMap(stage -> stage.alive().stream()).filter(w -> !w.partOfTheStop()).toList();
    }

    void workerEnded(TrackedWorker worker) {
        registry.deregister(worker);
        Stage stage = worker.stage();
        if (stage.workerEnded(worker)) {
            synchronized (lock) {
                stages.remove(stage);
            }
        }
    }

    void fatal(TrackedWorker worker, VirtualMachineError error) {
        metrics.failure(worker.name());
        log.error("{} hit {}; escalating, component {} FAILED; the error is rethrown and ends the thread",
                worker, error.getClass().getName(), component, error);
        escalate(worker, error);
    }

    void escalate(TrackedWorker worker, Throwable cause) {
        metrics.escalation(worker.name());
        escalation.accept(worker, cause);
    }

    List<QueueInfo> queues() {
        synchronized (lock) {
            return queues.values().stream()
                    .map(q -> new QueueInfo(q.name(), q.size(), q.capacity(), q.isClosed()))
                    .toList();
        }
    }

    String component() {
        return component;
    }

    long generation() {
        return generation;
    }

    LifecycleMetrics metrics() {
        return metrics;
    }
}
