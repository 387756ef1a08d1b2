package dev.keel.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keel.lifecycle.testing.LeakCheck;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A throwable escaping a worker is caught, counted and handled by the worker's policy. */
class RecoveryTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final RecoveryPolicy.Restart FAST_RESTART = RecoveryPolicy.restart()
            .withBackoff(Duration.ofMillis(1), Duration.ofMillis(5));

    @RegisterExtension
    LeakCheck leaks = LeakCheck.create();

    @Test
    void exitPolicyEndsOnlyTheFailingWorker() {
        TestComponent component = TestComponent.of("exit-policy", workers -> {
            workers.worker("doomed").recovery(RecoveryPolicy.exit()).task(ctx -> {
                throw new IllegalStateException("boom");
            });
            workers.worker("survivor").loop(ctx -> ctx.awaitStop(Duration.ofMinutes(1)));
        });
        component.start();
        await().atMost(PATIENCE).until(() -> component.counter(LifecycleMetrics.WORKER_FAILURES, "worker", "doomed") == 1);
        await().atMost(PATIENCE).until(() -> ids("exit-policy").equals(List.of("survivor")));
        assertThat(component.state()).isEqualTo(ComponentState.RUNNING);
        assertThat(component.stop().clean()).isTrue();
    }

    @Test
    void restartPolicyRunsTheWorkerAgainAndCountsIt() {
        AtomicInteger runs = new AtomicInteger();
        TestComponent component = TestComponent.of("restart-policy", workers ->
                workers.worker("flaky").recovery(FAST_RESTART).loop(ctx -> {
                    if (runs.incrementAndGet() <= 3) {
                        throw new IllegalStateException("failure " + runs.get());
                    }
                    ctx.awaitStop(Duration.ofMinutes(1));
                }));
        component.start();
        await().atMost(PATIENCE).until(() -> runs.get() >= 4);
        WorkerInfo flaky = WorkerRegistry.shared().snapshot("restart-policy").getFirst();
        assertThat(flaky.restarts()).isEqualTo(3);
        assertThat(flaky.lastFailure().type()).isEqualTo(IllegalStateException.class.getName());
        assertThat(flaky.lastFailure().message()).isEqualTo("failure 3");
        assertThat(component.counter(LifecycleMetrics.WORKER_FAILURES, "worker", "flaky")).isEqualTo(3);
        assertThat(component.counter(LifecycleMetrics.WORKER_RESTARTS, "worker", "flaky")).isEqualTo(3);
        assertThat(component.counter(LifecycleMetrics.WORKERS_STARTED)).as("a restart reuses the thread").isEqualTo(1);
        assertThat(component.state()).isEqualTo(ComponentState.RUNNING);
        component.stop();
    }

    @Test
    void aRestartedTaskRunsFromTheStartAgain() {
        AtomicInteger runs = new AtomicInteger();
        TestComponent component = TestComponent.of("restart-task", workers ->
                workers.worker("retried").recovery(FAST_RESTART).task(ctx -> {
                    if (runs.incrementAndGet() < 3) {
                        throw new IllegalStateException("not yet");
                    }
                }));
        component.start();
        await().atMost(PATIENCE).until(() -> WorkerRegistry.shared().snapshot("restart-task").isEmpty());
        assertThat(runs).hasValue(3);
        component.stop();
    }

    @Test
    void exhaustingTheRestartBudgetEscalatesAndFailsTheComponent() {
        List<ComponentState> heard = new CopyOnWriteArrayList<>();
        // The worker fails only once the component runs, so that the budget cannot run out during
        // the start on a slow machine (that path is a direct STARTING -> FAILED).
        CountDownLatch running = new CountDownLatch(1);
        TestComponent component = TestComponent.of("budget", workers -> {
            workers.worker("hopeless").recovery(FAST_RESTART.withBudget(2, Duration.ofMinutes(1)))
                    .loop(ctx -> {
                        running.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
                        throw new IllegalStateException("always");
                    });
            workers.worker("bystander").loop(ctx -> ctx.awaitStop(Duration.ofMinutes(1)));
        });
        component.addListener((c, from, to) -> {
            heard.add(to);
            if (to == ComponentState.RUNNING) {
                running.countDown();
            }
        });
        component.start();
        await().atMost(PATIENCE).until(() -> component.state() == ComponentState.FAILED);
        assertThat(component.counter(LifecycleMetrics.WORKER_FAILURES, "worker", "hopeless")).isEqualTo(3);
        assertThat(component.counter(LifecycleMetrics.WORKER_RESTARTS, "worker", "hopeless")).isEqualTo(2);
        assertThat(component.counter(LifecycleMetrics.WORKER_ESCALATIONS, "worker", "hopeless")).isEqualTo(1);
        assertThat(component.describe().failure().message()).contains("budget/hopeless", "always");
        // The failed generation is stopped in the background: the bystander goes too.
        await().atMost(PATIENCE).until(() -> WorkerRegistry.shared().snapshot("budget").isEmpty());
        assertThat(component.lastStop()).isNotNull();
        assertThat(component.state()).isEqualTo(ComponentState.FAILED);
        assertThat(heard).containsExactly(ComponentState.STARTING, ComponentState.RUNNING, ComponentState.FAILED);
    }

    @Test
    void escalatePolicyFailsTheComponentAtOnce() {
        TestComponent component = TestComponent.of("escalate-policy", workers ->
                workers.worker("critical").recovery(RecoveryPolicy.escalate()).task(ctx -> {
                    throw new IllegalStateException("cannot go on");
                }));
        component.start();
        await().atMost(PATIENCE).until(() -> component.state() == ComponentState.FAILED);
        assertThat(component.counter(LifecycleMetrics.WORKER_RESTARTS, "worker", "critical")).isZero();
        assertThat(component.stop().generation()).as("stop returns the background stop's outcome").isEqualTo(1);
        assertThat(component.state()).isEqualTo(ComponentState.FAILED);

        component.start();
        assertThat(component.describe().generation()).isEqualTo(2);
        await().atMost(PATIENCE).until(() -> component.state() == ComponentState.FAILED);
        await().atMost(PATIENCE).until(() -> WorkerRegistry.shared().snapshot("escalate-policy").isEmpty());
    }

    @Test
    void aVirtualMachineErrorIsNeverSwallowed() {
        AtomicInteger runs = new AtomicInteger();
        TestComponent component = TestComponent.of("fatal", workers ->
                workers.worker("oom").recovery(FAST_RESTART).virtual().loop(ctx -> {
                    runs.incrementAndGet();
                    throw new OutOfMemoryError("simulated");
                }));
        component.start();
        await().atMost(PATIENCE).until(() -> component.state() == ComponentState.FAILED);
        await().atMost(PATIENCE).until(() -> WorkerRegistry.shared().snapshot("fatal").isEmpty());
        assertThat(runs).as("a restart policy does not restart after a fatal error").hasValue(1);
        assertThat(component.describe().failure().type()).isEqualTo(OutOfMemoryError.class.getName());
        assertThat(component.counter(LifecycleMetrics.WORKER_FAILURES, "worker", "oom")).isEqualTo(1);
    }

    @Test
    void aPoolHandsTheFailedBatchToItsRescueThenRestarts() throws Exception {
        List<List<Integer>> rescued = new CopyOnWriteArrayList<>();
        List<Integer> handled = new CopyOnWriteArrayList<>();
        WorkQueue<Integer>[] queue = new WorkQueue[1];
        TestComponent component = TestComponent.of("pool-rescue", workers -> {
            queue[0] = workers.queue("in", 100);
            workers.worker("picky").recovery(FAST_RESTART).pool(1, queue[0])
                    .rescue((items, cause) -> rescued.add(items))
                    .eachBatch(2, Duration.ofMillis(1), batch -> {
                        if (batch.contains(13)) {
                            throw new IllegalArgumentException("unlucky");
                        }
                        handled.addAll(batch);
                    });
        });
        component.start();
        assertThat(queue[0].offerAll(List.of(12, 13))).isEqualTo(Admission.ACCEPTED);
        await().atMost(PATIENCE).until(() -> rescued.size() == 1);
        assertThat(queue[0].offerAll(List.of(14, 15))).isEqualTo(Admission.ACCEPTED);
        await().atMost(PATIENCE).until(() -> handled.containsAll(List.of(14, 15)));
        assertThat(rescued.getFirst()).contains(13);
        assertThat(component.counter(LifecycleMetrics.ITEMS_LOST, "worker", "picky")).isZero();
        component.stop();
    }

    @Test
    void aPoolWithoutRescueCountsWhatItLost() {
        WorkQueue<Integer>[] queue = new WorkQueue[1];
        TestComponent component = TestComponent.of("pool-lost", workers -> {
            queue[0] = workers.queue("in", 100);
            workers.worker("careless").recovery(FAST_RESTART).pool(1, queue[0]).each(item -> {
                throw new IllegalArgumentException("bad item " + item);
            });
        });
        component.start();
        queue[0].offerAll(List.of(1, 2));
        await().atMost(PATIENCE).until(() -> component.counter(LifecycleMetrics.ITEMS_LOST, "worker", "careless") == 2);
        component.stop();
    }

    private static List<String> ids(String component) {
        return WorkerRegistry.shared().snapshot(component).stream().map(WorkerInfo::id).toList();
    }

    @Test
    void aPoolWorkerBackingOffGoesBackToDrainingAsSoonAsTheStopBegins() {
        List<Integer> handled = new CopyOnWriteArrayList<>();
        List<Integer> rescued = new CopyOnWriteArrayList<>();
        AtomicInteger failures = new AtomicInteger();
        WorkQueue<Integer>[] queue = new WorkQueue[1];
        TestComponent component = TestComponent.of("pool-backoff", Duration.ofSeconds(30), workers -> {
            queue[0] = workers.queue("in", 100);
            workers.worker("writer")
                    .recovery(RecoveryPolicy.restart().withBackoff(Duration.ofMinutes(10), Duration.ofMinutes(10)))
                    .pool(1, queue[0])
                    .rescue((items, cause) -> rescued.addAll(items))
                    .each(item -> {
                        if (item == 0 && failures.getAndIncrement() == 0) {
                            throw new IllegalStateException("first item fails once");
                        }
                        handled.add(item);
                    });
        });
        component.start();
        queue[0].offerAll(List.of(0, 1, 2, 3));
        await().atMost(PATIENCE).until(() -> WorkerRegistry.shared().snapshot("pool-backoff").getFirst().state()
                == WorkerState.BACKING_OFF);
        StopOutcome outcome = component.stop();
        assertThat(outcome.clean()).isTrue();
        assertThat(rescued).containsExactly(0);
        // Had it slept out its backoff, the drain deadline would have come first and these been rescued.
        assertThat(handled).containsExactly(1, 2, 3);
    }
}
