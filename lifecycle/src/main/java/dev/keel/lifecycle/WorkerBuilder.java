package dev.keel.lifecycle;

import java.time.Duration;
import java.util.Objects;

/**
 * Describes one worker, or a pool, and launches it. Defaults: a platform thread; policy
 * {@link RecoveryPolicy#exit()} for one-shot tasks and {@link RecoveryPolicy#restart()} for
 * loops, ticks and pools.
 *
 * <pre>{@code
 * workers.worker("tcp-acceptor").virtual().loop(ctx -> acceptOne(ctx));
 * workers.worker("window-sweeper").every(Duration.ofSeconds(5), ctx -> sweep());
 * workers.worker("event-writer").pool(4, queue).rescue(spool::append)
 *        .eachBatch(10_000, Duration.ofSeconds(1), this::write);
 * }</pre>
 */
public final class WorkerBuilder {

    private final Supervisor supervisor;
    private final String name;
    private WorkerKind kind = WorkerKind.PLATFORM;
    private RecoveryPolicy recovery;

    WorkerBuilder(Supervisor supervisor, String name) {
        this.supervisor = supervisor;
        this.name = Objects.requireNonNull(name, "name");
    }

    public WorkerBuilder kind(WorkerKind kind) {
        this.kind = Objects.requireNonNull(kind, "kind");
        return this;
    }

    public WorkerBuilder virtual() {
        return kind(WorkerKind.VIRTUAL);
    }

    public WorkerBuilder platform() {
        return kind(WorkerKind.PLATFORM);
    }

    public WorkerBuilder recovery(RecoveryPolicy policy) {
        this.recovery = Objects.requireNonNull(policy, "policy");
        return this;
    }

    /** Runs {@code task} once. */
    public WorkerHandle task(WorkerTask task) {
        return launch(WorkerBody.once(task), RecoveryPolicy.exit());
    }

    /** Runs {@code iteration} again and again until stop is requested. */
    public WorkerHandle loop(WorkerTask iteration) {
        return launch(WorkerBody.loop(iteration), RecoveryPolicy.restart());
    }

    /** Runs {@code tick} every {@code period} (fixed delay, first after one period) until stop. */
    public WorkerHandle every(Duration period, WorkerTask tick) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException(name + ": period must be positive, was " + period);
        }
        return launch(WorkerBody.every(period, tick), RecoveryPolicy.restart());
    }

    /** A pool of {@code size} workers consuming {@code queue}. */
    public <T> PoolBuilder<T> pool(int size, WorkQueue<T> queue) {
        if (size < 1) {
            throw new IllegalArgumentException(name + ": pool size must be >= 1, was " + size);
        }
        return new PoolBuilder<>(this, size, Objects.requireNonNull(queue, "queue"));
    }

    private WorkerHandle launch(WorkerBody body, RecoveryPolicy defaultPolicy) {
        return supervisor.launch(name, kind, policyOr(defaultPolicy), 1, body, null);
    }

    <T> WorkerHandle launchPool(int size, PoolBody<T> body) {
        return supervisor.launch(name, kind, policyOr(RecoveryPolicy.restart()), size, body, body);
    }

    String name() {
        return name;
    }

    Supervisor supervisor() {
        return supervisor;
    }

    private RecoveryPolicy policyOr(RecoveryPolicy defaultPolicy) {
        return recovery != null ? recovery : defaultPolicy;
    }
}
