package dev.keel.lifecycle;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Micrometer meters of one component. Names and tags are part of the contract (documented in
 * {@code docs/lifecycle.md}); the workers gauge reads the {@link WorkerRegistry}, so it cannot
 * drift from what actually runs.
 */
public final class LifecycleMetrics {

    /** Gauge: live workers. Tags: component, kind (platform, virtual). */
    public static final String WORKERS_LIVE = "keel.workers.live";
    /** Counter: worker threads started. Tags: component. */
    public static final String WORKERS_STARTED = "keel.workers.started";
    /** Counter: throwables that escaped a worker and were recovered by its policy. Tags: component, worker. */
    public static final String WORKER_FAILURES = "keel.workers.failures";
    /** Counter: restarts after a failure. Tags: component, worker. */
    public static final String WORKER_RESTARTS = "keel.workers.restarts";
    /** Counter: failures that failed the whole component. Tags: component, worker. */
    public static final String WORKER_ESCALATIONS = "keel.workers.escalations";
    /** Timer: how long stops took. Tags: component, outcome (clean, timed_out). */
    public static final String STOP_DURATION = "keel.component.stop.duration";
    /** Counter: stops that reached their timeout with workers still running. Tags: component. */
    public static final String STOP_TIMEOUTS = "keel.component.stop.timeouts";
    /** Gauge: items in a work queue. Tags: component, queue. */
    public static final String QUEUE_DEPTH = "keel.queue.depth";
    /** Gauge: a work queue's capacity. Tags: component, queue. */
    public static final String QUEUE_CAPACITY = "keel.queue.capacity";
    /** Counter: items a pool could neither finish nor rescue. Should stay 0. Tags: component, worker. */
    public static final String ITEMS_LOST = "keel.queue.lost";

    private final MeterRegistry meters;
    private final String component;
    private final Counter started;
    private final Counter stopTimeouts;
    /** The current generation's queue per name; the gauges read it, so they follow restarts. */
    private final Map<String, WorkQueue<?>> queues = new ConcurrentHashMap<>();

    LifecycleMetrics(MeterRegistry meters, WorkerRegistry registry, String component) {
        this.meters = meters;
        this.component = component;
        for (WorkerKind kind : WorkerKind.values()) {
            Gauge.builder(WORKERS_LIVE, registry, r -> r.count(component, kind))
                    .tag("component", component)
                    .tag("kind", kind.name().toLowerCase())
                    .description("Live tracked workers")
                    .strongReference(true)
                    .register(meters);
        }
        this.started = Counter.builder(WORKERS_STARTED).tag("component", component)
                .description("Worker threads started").register(meters);
        this.stopTimeouts = Counter.builder(STOP_TIMEOUTS).tag("component", component)
                .description("Stops that timed out with workers still running").register(meters);
    }

    /** Also registers the worker's failure and restart counters at 0, so a dashboard's rate has a series before the first failure. */
    void workerStarted(String worker) {
        started.increment();
        counter(WORKER_FAILURES, worker);
        counter(WORKER_RESTARTS, worker);
    }

    void failure(String worker) {
        counter(WORKER_FAILURES, worker).increment();
    }

    void restart(String worker) {
        counter(WORKER_RESTARTS, worker).increment();
    }

    void escalation(String worker) {
        counter(WORKER_ESCALATIONS, worker).increment();
    }

    void lost(String worker, int items) {
        counter(ITEMS_LOST, worker).increment(items);
    }

    void stopped(StopOutcome outcome) {
        Timer.builder(STOP_DURATION)
                .tag("component", component)
                .tag("outcome", outcome.clean() ? "clean" : "timed_out")
                .description("Component stop duration")
                .register(meters)
                .record(outcome.duration());
        if (!outcome.clean()) {
            stopTimeouts.increment();
        }
    }

    void track(WorkQueue<?> queue) {
        boolean first = queues.put(queue.name(), queue) == null;
        if (first) {
            String name = queue.name();
            Gauge.builder(QUEUE_DEPTH, queues, q -> q.get(name).size())
                    .tags("component", component, "queue", name).strongReference(true).register(meters);
            Gauge.builder(QUEUE_CAPACITY, queues, q -> q.get(name).capacity())
                    .tags("component", component, "queue", name).strongReference(true).register(meters);
        }
    }

    private Counter counter(String meter, String worker) {
        return meters.counter(meter, "component", component, "worker", worker);
    }
}
