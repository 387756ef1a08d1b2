package dev.keel.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker thread with its recovery loop, its stop signal and the resources it registered.
 * Everything a worker logs names its component and id, as {@code component/id}.
 */
final class TrackedWorker implements WorkerContext {

    private static final Logger log = LoggerFactory.getLogger(TrackedWorker.class);
    private static final AtomicLong KEYS = new AtomicLong();
    /** How often a wait for a worker's end checks whether the worker has become part of the stop. */
    private static final Duration AWAIT_SLICE = Duration.ofMillis(50);
    /** The worker running on this thread; see {@link WorkerContext#current()}. */
    static final ThreadLocal<TrackedWorker> CURRENT = new ThreadLocal<>();

    private final long key = KEYS.incrementAndGet();
    private final Supervisor supervisor;
    private final String name;
    private final String id;
    private final String threadName;
    private final WorkerKind kind;
    private final RecoveryPolicy policy;
    private final WorkerBody body;
    private final Stage stage;
    private final StopSignal stopSignal;

    /** Guarded by {@code this}; emptied as they are closed. */
    private final List<AutoCloseable> stopResources = new ArrayList<>();
    /** Guarded by {@code this}; emptied as they are closed. */
    private final List<AutoCloseable> cancelResources = new ArrayList<>();

    private volatile Thread thread;
    private volatile Instant startedAt;
    private volatile boolean backingOff;
    private volatile boolean cancelled;
    /** Set while this worker waits in its own component's {@code stop()}, which therefore does not wait for it. */
    private volatile boolean awaitingOwnStop;
    private volatile int restarts;
    private volatile FailureInfo lastFailure;
    /** Only touched by the worker's own thread. */
    private int consecutiveFailures;

    TrackedWorker(Supervisor supervisor, Stage stage, String id, WorkerKind kind, RecoveryPolicy policy,
            WorkerBody body) {
        this.supervisor = supervisor;
        this.stage = stage;
        this.name = stage.name();
        this.id = id;
        this.threadName = "keel-" + supervisor.component() + "-" + id;
        this.kind = kind;
        this.policy = policy;
        this.body = body;
        this.stopSignal = stage.signal();
    }

    /** Starts the thread. The caller registers the worker first, so it is never running unlisted. */
    void start() {
        startedAt = Instant.now();
        thread = ThreadLauncher.unstarted(kind, threadName, this::run);
        thread.start();
    }

    private void run() {
        CURRENT.set(this);
        try {
            runWithRecovery();
        } finally {
            CURRENT.remove();
            try {
                closeAll(stopResources);
                closeAll(cancelResources);
            } finally {
                supervisor.workerEnded(this); // even if a close threw an Error: no ghost in the registry
            }
        }
    }

    private void runWithRecovery() {
        RestartBudget budget = policy instanceof RecoveryPolicy.Restart r ? new RestartBudget(r) : null;
        while (true) {
            try {
                body.run(this);
                return;
            } catch (VirtualMachineError fatal) {
                lastFailure = FailureInfo.of(fatal);
                supervisor.fatal(this, fatal);
                throw fatal;
            } catch (Throwable failure) {
                if (endedByStop(failure)) {
                    log.debug("{}/{} ended by stop: {}", component(), id, failure.toString());
                    return;
                }
                if (!recover(failure, budget)) {
                    return;
                }
            }
        }
    }

    /**
     * An exception after stop was requested is the expected end of a blocking call whose source
     * the stop closed; pools are the exception, since they keep working while they drain.
     */
    private boolean endedByStop(Throwable failure) {
        return failure instanceof Exception
                && (cancelled || (stopSignal.isRequested() && !body.drainsAfterStop()));
    }

    /** Logs the failure once, counts it, applies the policy; true to run the body again. */
    private boolean recover(Throwable failure, RestartBudget budget) {
        lastFailure = FailureInfo.of(failure);
        supervisor.metrics().failure(name);
        String who = component() + "/" + id;
        if (!(policy instanceof RecoveryPolicy.Restart restart)) {
            if (policy == RecoveryPolicy.escalate()) {
                log.error("{} failed; escalating, component {} FAILED", who, component(), failure);
                supervisor.escalate(this, failure);
            } else {
                log.error("{} failed; exiting as its recovery policy says", who, failure);
            }
            return false;
        }
        // A body may fail with its interrupt flag set ("restore the interrupt, wrap, rethrow"); that
        // must not cut the backoff short. A cancel, which also interrupts, is seen in the flag below.
        Thread.interrupted();
        if (cancelled || (stopSignal.isRequested() && !body.drainsAfterStop())) {
            log.error("{} failed while stopping; not restarted", who, failure);
            return false;
        }
        if (!budget.tryTake(System.nanoTime())) {
            log.error("{} failed; restart budget of {} in {} exhausted, escalating, component {} FAILED",
                    who, restart.maxRestarts(), restart.window(), component(), failure);
            supervisor.escalate(this, failure);
            return false;
        }
        Duration delay = restart.backoff(++consecutiveFailures, ThreadLocalRandom.current().nextDouble());
        log.error("{} failed; restarting in {} ms (restart {})", who, delay.toMillis(), restarts + 1, failure);
        // What the failed run registered belongs to it; the next run opens its own.
        closeAll(stopResources);
        closeAll(cancelResources);
        if (!backOff(delay)) {
            return false;
        }
        restarts++;
        supervisor.metrics().restart(name);
        return true;
    }

    /** Waits out the delay; false if the worker should end instead of restarting. */
    private boolean backOff(Duration delay) {
        backingOff = true;
        try {
            boolean stopped = stopSignal.await(delay);
            // A pool goes back to draining as soon as the stop begins; anything else ends.
            return body.drainsAfterStop() ? !cancelled : !stopped;
        } catch (InterruptedException e) {
            return false;
        } finally {
            backingOff = false;
        }
    }

    /** Called by bodies after each successful iteration or batch: the next failure backs off from the start. */
    void succeeded() {
        consecutiveFailures = 0;
    }

    /** Stop was requested for this worker's stage: close the sources it blocks on. */
    void closeSources() {
        closeAll(stopResources);
    }

    /** The drain deadline passed: interrupt the thread and close everything it registered. */
    void cancel() {
        cancelled = true;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
        closeAll(stopResources);
        closeAll(cancelResources);
    }

    /**
     * Waits for the thread to end, up to the deadline; an interrupt of the caller does not cut the
     * wait short. Does not wait for a worker that is part of the stop (see {@link #partOfTheStop()}),
     * also if it becomes so while waited for.
     */
    boolean awaitEnd(Deadline deadline) {
        Thread t = thread;
        if (t == null) {
            return true;
        }
        boolean interrupted = false;
        try {
            while (!partOfTheStop()) {
                try {
                    if (t.join(min(deadline.remaining(), AWAIT_SLICE)) || deadline.expired()) {
                        return !t.isAlive();
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            return false;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    boolean isAlive() {
        Thread t = thread;
        return t != null && t.isAlive();
    }

    /**
     * True on the thread running the stop, and while the worker waits for its component's stop:
     * a stop never waits for (nor cancels, nor reports stuck) a worker that is waiting for it.
     */
    boolean partOfTheStop() {
        return awaitingOwnStop || thread == Thread.currentThread();
    }

    /** Whether this worker belongs to the generation that {@code generation} supervises. */
    boolean belongsTo(Supervisor generation) {
        return supervisor == generation;
    }

    void awaitingOwnStop(boolean awaiting) {
        awaitingOwnStop = awaiting;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    WorkerInfo info() {
        return new WorkerInfo(key, supervisor.component(), supervisor.generation(), name, id, threadName,
                kind, state(), startedAt, restarts, lastFailure);
    }

    StuckWorker stuck() {
        Thread t = thread;
        List<StackTraceElement> stack = t == null ? List.of() : List.of(t.getStackTrace());
        return new StuckWorker(id, threadName, kind, state(), stack);
    }

    WorkerState state() {
        if (cancelled) {
            return WorkerState.CANCELLED;
        }
        if (stopSignal.isRequested()) {
            return WorkerState.STOPPING;
        }
        return backingOff ? WorkerState.BACKING_OFF : WorkerState.RUNNING;
    }

    long key() {
        return key;
    }

    Stage stage() {
        return stage;
    }

    String name() {
        return name;
    }

    WorkerKind kind() {
        return kind;
    }

    @Override
    public String component() {
        return supervisor.component();
    }

    @Override
    public String workerId() {
        return id;
    }

    @Override
    public boolean stopRequested() {
        return stopSignal.isRequested();
    }

    @Override
    public boolean awaitStop(Duration timeout) throws InterruptedException {
        return stopSignal.await(timeout);
    }

    @Override
    public <C extends AutoCloseable> C closeOnStop(C resource) {
        synchronized (this) {
            if (!stopSignal.isRequested() && !cancelled) {
                stopResources.add(resource);
                return resource;
            }
        }
        closeQuietly(resource);
        return resource;
    }

    @Override
    public <C extends AutoCloseable> C closeOnCancel(C resource) {
        synchronized (this) {
            if (!cancelled) {
                cancelResources.add(resource);
                return resource;
            }
        }
        closeQuietly(resource);
        return resource;
    }

    private void closeAll(List<AutoCloseable> resources) {
        List<AutoCloseable> toClose;
        synchronized (this) {
            toClose = List.copyOf(resources);
            resources.clear();
        }
        toClose.forEach(this::closeQuietly);
    }

    private void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            log.debug("{}/{}: closing {} failed", component(), id, resource, e);
        }
    }

    @Override
    public String toString() {
        return component() + "/" + id;
    }
}
