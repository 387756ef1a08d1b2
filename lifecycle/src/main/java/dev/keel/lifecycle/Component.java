package dev.keel.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A unit with background workers and a lifecycle that cannot be got wrong: the lifecycle
 * methods are final, and a subclass only launches its workers in {@link #startUp(Workers)} and
 * releases its own resources in {@link #shutDown()}.
 *
 * <p>Promises:
 * <ul>
 *   <li>{@link #start()} begins a new generation unless one is starting or running. Started
 *       while a stop is under way, it waits for that stop, then starts afresh.
 *   <li>{@link #stop()} first drains (loops stop, sources close, pools finish their queues),
 *       then cancels (interrupts, closes everything registered), and returns within the stop
 *       timeout with an outcome naming any worker still running, with its stack.
 *   <li>Stop is idempotent and safe from many threads: every caller for one generation gets the
 *       same outcome. The wait is done by timed joins on the caller's (or one tracked stopper)
 *       thread, so a stop that times out leaves no waiting thread behind.
 *   <li>A worker whose policy escalates (or a fatal error) makes the component FAILED and stops
 *       its generation in the background.
 *   <li>A state listener or a worker may call {@link #stop()}: the stop does not wait for a
 *       worker that runs it or waits for it, and a call that would wait for its own thread (a
 *       listener called by the thread that is stopping or starting the component) is refused
 *       with {@link IllegalStateException}.
 *   <li>An {@link Error} escaping a stop (from {@link #shutDown()} or a rescue; a listener's
 *       only if it is a {@link VirtualMachineError}) makes the component FAILED and reaches every
 *       caller waiting for that stop.
 * </ul>
 */
public abstract class Component {

    /** The stop timeout unless a component is given another. */
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(Component.class);

    private final String name;
    private final Duration stopTimeout;
    private final LifecycleEnvironment environment;
    private final LifecycleMetrics metrics;
    private final StateListeners listeners = new StateListeners();
    /** Runs stops that must not block their caller (escalation, {@link #stopAsync()}); never stopped. */
    private final Supervisor control;

    /** Guards the five fields below. */
    private final Object lock = new Object();
    private ComponentState state = ComponentState.NEW;
    private Generation current;
    private long generations;
    private FailureInfo failure;
    private StopOutcome lastStop;

    protected Component(String name) {
        this(name, DEFAULT_STOP_TIMEOUT, LifecycleEnvironment.defaults());
    }

    protected Component(String name, Duration stopTimeout, LifecycleEnvironment environment) {
        this.name = Objects.requireNonNull(name, "name");
        this.stopTimeout = Objects.requireNonNull(stopTimeout, "stopTimeout");
        if (stopTimeout.isNegative() || stopTimeout.isZero()) {
            throw new IllegalArgumentException("component " + name + ": stop timeout must be positive");
        }
        this.environment = Objects.requireNonNull(environment, "environment");
        this.metrics = new LifecycleMetrics(environment.meters(), environment.workers(), name);
        this.control = new Supervisor(name, 0, environment.workers(), metrics, (worker, cause) -> {});
    }

    // ---- hooks -------------------------------------------------------------------------------

    /**
     * Launches this generation's workers. Launch consumers (pools) before the producers that
     * feed them: stages stop newest first. Throwing fails the start and stops what was launched.
     */
    protected abstract void startUp(Workers workers) throws Exception;

    /** Releases the component's own resources once its workers have ended or the stop timed out. */
    protected void shutDown() throws Exception {}

    /**
     * What else the workers endpoint and health should show of this component (counters,
     * connections, rule status). Called from any thread; must be cheap and must not block.
     */
    protected Map<String, Object> details() {
        return Map.of();
    }

    // ---- lifecycle ---------------------------------------------------------------------------

    public final void start() {
        while (true) {
            Generation generation;
            boolean ours = false;
            synchronized (lock) {
                generation = current;
                if (generation == null || generation.stopped.isDone()) {
                    generation = new Generation(++generations, Thread.currentThread());
                    current = generation;
                    failure = null;
                    transition(ComponentState.STARTING);
                    ours = true;
                }
            }
            listeners.deliver(this);
            if (ours) {
                runStartUp(generation);
                return;
            }
            if (!generation.stopClaimed.get()) {
                awaitStarted(generation);
                return;
            }
            awaitStopped(generation);
        }
    }

    public final StopOutcome stop() {
        Generation generation = currentGeneration();
        if (generation == null) {
            return StopOutcome.neverStarted(name);
        }
        return generation.claimStop() ? performStop(generation) : awaitStopped(generation);
    }

    /**
     * Stops on a tracked stopper thread; the future completes with the same outcome {@link #stop()}
     * gives, once the state listeners have heard the stop's end, so that what is chained on it
     * (Spring's next shutdown phase) comes after.
     */
    public final CompletableFuture<StopOutcome> stopAsync() {
        Generation generation = currentGeneration();
        if (generation == null) {
            return CompletableFuture.completedFuture(StopOutcome.neverStarted(name));
        }
        if (generation.claimStop()) {
            stopInBackground(generation);
        }
        return generation.announced.copy();
    }

    // ---- what the outside sees ---------------------------------------------------------------

    public final String name() {
        return name;
    }

    public final Duration stopTimeout() {
        return stopTimeout;
    }

    public final ComponentState state() {
        synchronized (lock) {
            return state;
        }
    }

    /** True while starting or running: what Spring's {@code isRunning()} means. */
    public final boolean isRunning() {
        ComponentState now = state();
        return now == ComponentState.STARTING || now == ComponentState.RUNNING;
    }

    public final StopOutcome lastStop() {
        synchronized (lock) {
            return lastStop;
        }
    }

    public final void addListener(StateListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public final LifecycleEnvironment environment() {
        return environment;
    }

    public final ComponentSnapshot describe() {
        ComponentState now;
        long started;
        StopOutcome stop;
        FailureInfo failed;
        Generation generation;
        synchronized (lock) {
            now = state;
            started = generations;
            stop = lastStop;
            failed = failure;
            generation = current;
        }
        return new ComponentSnapshot(name, now, started, stopTimeout, stop, failed,
                environment.workers().snapshot(name), generation == null ? List.of() : generation.supervisor.queues(),
                details());
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + name + ", " + state() + "]";
    }

    // ---- internals ---------------------------------------------------------------------------

    private void runStartUp(Generation generation) {
        long begin = System.nanoTime();
        try {
            startUp(generation.supervisor);
            generation.supervisor.startUpFinished();
        } catch (Throwable cause) {
            startFailed(generation, cause);
            if (cause instanceof Error error) {
                throw error;
            }
            throw new ComponentStartException(name, cause);
        }
        boolean running;
        synchronized (lock) {
            running = current == generation && state == ComponentState.STARTING;
            if (running) {
                transition(ComponentState.RUNNING);
            }
        }
        generation.started.complete(null);
        listeners.deliver(this);
        if (running) {
            log.info("component {} started (generation {}) in {} ms", name, generation.number,
                    Duration.ofNanos(System.nanoTime() - begin).toMillis());
        } else {
            log.info("component {}: start of generation {} overtaken by a stop", name, generation.number);
        }
    }

    private void startFailed(Generation generation, Throwable cause) {
        boolean cutShortByStop = generation.stopClaimed.get();
        if (cutShortByStop) {
            log.info("component {}: start cut short by a stop ({})", name, cause.toString());
        } else {
            log.error("component {} failed to start; stopping what it launched", name, cause);
            synchronized (lock) {
                failure = FailureInfo.of(cause);
                transition(ComponentState.FAILED);
            }
            listeners.deliver(this);
        }
        generation.started.completeExceptionally(cause);
        stop();
    }

    private void awaitStarted(Generation generation) {
        if (generation.starter == Thread.currentThread() && !generation.started.isDone()) {
            throw new IllegalStateException("component " + name + " is being started by this thread (a state "
                    + "listener, or startUp itself?); waiting here for that start would never end");
        }
        try {
            generation.started.join();
        } catch (RuntimeException startFailed) {
            throw new ComponentStartException(name, startFailed.getCause() != null ? startFailed.getCause() : startFailed);
        }
    }

    /**
     * Waits for a stop another caller performs; refused on the thread performing it, which would
     * wait for itself. A worker of the generation waiting here is left out of the stop's waiting.
     */
    private StopOutcome awaitStopped(Generation generation) {
        if (generation.stopper == Thread.currentThread() && !generation.stopped.isDone()) {
            throw new IllegalStateException("component " + name + " is being stopped by this thread (a state "
                    + "listener?); waiting here for that stop would never end");
        }
        TrackedWorker worker = TrackedWorker.CURRENT.get();
        boolean ours = worker != null && worker.belongsTo(generation.supervisor);
        if (ours) {
            worker.awaitingOwnStop(true);
        }
        try {
            return generation.stopped.join();
        } catch (CompletionException broke) {
            if (broke.getCause() instanceof Error error) {
                throw error; // what the stopping thread threw
            }
            throw broke;
        } finally {
            if (ours) {
                worker.awaitingOwnStop(false);
            }
        }
    }

    private StopOutcome performStop(Generation generation) {
        generation.stopper = Thread.currentThread();
        try {
            StopOutcome outcome = stopWorkers(generation);
            generation.stopped.complete(outcome);
            listeners.deliver(this);
            generation.announced.complete(outcome);
            return outcome;
        } catch (Throwable error) {
            stopBroke(generation, error);
            throw error;
        }
    }

    private StopOutcome stopWorkers(Generation generation) {
        long begin = System.nanoTime();
        Deadline hardDeadline = Deadline.after(stopTimeout);
        Deadline cancelAt = new Deadline(hardDeadline.nanos() - cancelGrace(stopTimeout).toNanos());
        synchronized (lock) {
            if (state != ComponentState.FAILED) {
                transition(ComponentState.STOPPING);
            }
        }
        listeners.deliver(this);
        awaitStartUp(generation, cancelAt);
        List<StuckWorker> stuck = generation.supervisor.stop(cancelAt, hardDeadline);
        runShutDownHook();
        StopOutcome outcome = new StopOutcome(name, generation.number,
                stuck.isEmpty() ? StopOutcome.Status.CLEAN : StopOutcome.Status.TIMED_OUT,
                Duration.ofNanos(System.nanoTime() - begin), stuck);
        synchronized (lock) {
            lastStop = outcome;
            transition(failure != null ? ComponentState.FAILED : ComponentState.TERMINATED);
        }
        metrics.stopped(outcome);
        if (outcome.clean()) {
            log.info(outcome.describe());
        } else {
            log.warn(outcome.describe());
        }
        return outcome;
    }

    /**
     * An error escaped the stop (a rescue's {@link VirtualMachineError}, an {@link Error} from
     * {@link #shutDown()} or a listener): the component is FAILED, and everyone waiting for the
     * stop gets the error rather than waiting forever.
     */
    private void stopBroke(Generation generation, Throwable error) {
        log.error("component {}: stop of generation {} broke off", name, generation.number, error);
        synchronized (lock) {
            if (!generation.stopped.isDone()) {
                failure = FailureInfo.of(error);
                transition(ComponentState.FAILED);
            }
        }
        generation.stopped.completeExceptionally(error);
        try {
            listeners.deliver(this);
        } finally {
            generation.announced.completeExceptionally(error);
        }
    }

    /**
     * The part of the stop timeout kept for cancelling: a fifth. Not capped: a cancelled worker
     * may still have to rescue what it holds (spool a batch to disk), which takes longer the more
     * it holds, and components that hold more are given longer stop timeouts.
     */
    static Duration cancelGrace(Duration stopTimeout) {
        return stopTimeout.dividedBy(5);
    }

    /**
     * A start-up still launching workers gets until the cancel point to finish; launches after
     * that are refused. A start-up this very thread has yet to run (a listener of STARTING stops
     * the component) is not waited for: it will find the stop and launch nothing.
     */
    private void awaitStartUp(Generation generation, Deadline deadline) {
        if (generation.starter == Thread.currentThread()) {
            return;
        }
        boolean interrupted = false;
        while (!generation.started.isDone() && !deadline.expired()) {
            try {
                generation.started.get(deadline.remaining().toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException | TimeoutException e) {
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void runShutDownHook() {
        try {
            shutDown();
        } catch (Exception e) {
            log.error("component {}: shutDown failed", name, e);
        }
    }

    private void stopInBackground(Generation generation) {
        try {
            control.worker("stopper").task(context -> performStop(generation));
        } catch (RuntimeException | OutOfMemoryError noThread) { // "unable to create native thread" is an OOME
            log.warn("component {}: no stopper thread ({}); stopping on the caller's thread", name, noThread.toString());
            performStop(generation);
            if (noThread instanceof Error error) {
                throw error;
            }
        }
    }

    private void escalated(Generation generation, TrackedWorker worker, Throwable cause) {
        synchronized (lock) {
            if (current != generation || generation.stopped.isDone()) {
                return;
            }
            failure = new FailureInfo(cause.getClass().getName(), worker + ": " + cause.getMessage(), Instant.now());
            transition(ComponentState.FAILED);
        }
        listeners.deliver(this);
        if (generation.claimStop()) {
            stopInBackground(generation);
        }
    }

    private Generation currentGeneration() {
        synchronized (lock) {
            return current;
        }
    }

    /** Called with {@link #lock} held; listeners hear of it after the lock is released. */
    private void transition(ComponentState to) {
        if (state != to) {
            listeners.enqueue(state, to);
            state = to;
        }
    }

    /**
     * One start-to-stop of the component: its own supervisor, the futures every caller waits on,
     * and the threads running its start-up and its stop (so that neither waits for itself).
     */
    private final class Generation {
        final long number;
        final Thread starter;
        final Supervisor supervisor;
        final CompletableFuture<Void> started = new CompletableFuture<>();
        final CompletableFuture<StopOutcome> stopped = new CompletableFuture<>();
        /** {@link #stopped}, once the listeners have heard it: what {@link #stopAsync()} hands out. */
        final CompletableFuture<StopOutcome> announced = new CompletableFuture<>();
        final AtomicBoolean stopClaimed = new AtomicBoolean();
        volatile Thread stopper;

        Generation(long number, Thread starter) {
            this.number = number;
            this.starter = starter;
            this.supervisor = new Supervisor(name, number, environment.workers(), metrics,
                    (worker, cause) -> escalated(this, worker, cause));
        }

        /** True for exactly one caller: the one that performs this generation's stop. */
        boolean claimStop() {
            return stopClaimed.compareAndSet(false, true);
        }
    }
}
