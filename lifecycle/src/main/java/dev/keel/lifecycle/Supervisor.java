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
        return task -> worker(name).virtual().task(context -> task.run());
    }

    WorkerHandle launch(String name, WorkerKind kind, RecoveryPolicy policy, int size, WorkerBody body,
            PoolBody<?> pool) {
        synchronized (lock) {
            if (stopping) {
                throw new RejectedExecutionException(
                        "component " + component + " is stopping; worker " + name + " not launched");
            }
            Stage stage = new Stage(name, new StopSignal(), pool, size);
            int last = launches.merge(name, size, Integer::sum);
            for (int i = last - size + 1; i <= last; i++) {
                String id = pool == null && last == 1 ? name : name + "-" + i;
                stage.add(new TrackedWorker(this, stage, id, kind, policy, body));
            }
            stages.add(stage);
            for (TrackedWorker worker : stage.workers()) {
                registry.register(worker);
                try {
                    worker.start();
                } catch (RuntimeException | Error e) {
                    registry.deregister(worker);
                    throw e;
                }
                metrics.workerStarted();
            }
            return stage;
        }
    }

    /**
     * Stops every worker: signals tasks, loops and ticks at once; then, newest stage first, lets
     * each pool drain and waits for its workers until {@code cancelAt}; then cancels whatever
     * still runs and waits until {@code hardDeadline}. Returns the workers still running then.
     */
    List<StuckWorker> stop(Deadline cancelAt, Deadline hardDeadline) {
        List<Stage> newestFirst;
        synchronized (lock) {
            stopping = true;
            newestFirst = new ArrayList<>(stages).reversed();
        }
        newestFirst.forEach(Stage::signalStop);
        for (Stage stage : newestFirst) {
            stage.drain(cancelAt);
        }
        List<TrackedWorker> left = alive(newestFirst);
        if (!left.isEmpty()) {
            log.warn("component {}: drain deadline passed, cancelling {} workers: {}", component, left.size(), left);
            left.forEach(TrackedWorker::cancel);
            left.forEach(worker -> worker.awaitEnd(hardDeadline));
        }
        newestFirst.forEach(Stage::rescueLeftovers);
        return alive(newestFirst).stream().map(TrackedWorker::stuck).toList();
    }

    private static List<TrackedWorker> alive(List<Stage> stages) {
        return stages.stream().flatMap(stage -> stage.alive().stream()).toList();
    }

    void workerEnded(TrackedWorker worker) {
        registry.deregister(worker);
        Stage stage = worker.stage();
        if (stage.workerEnded() && !stage.isPool()) {
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
