package dev.keel.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.keel.lifecycle.testing.LeakCheck;
import dev.keel.lifecycle.testing.Pools;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** States, generations and listeners. */
class ComponentTest {

    @RegisterExtension
    LeakCheck leaks = LeakCheck.create();

    @Test
    void startRunsStartUpAndStopTerminates() {
        AtomicInteger startUps = new AtomicInteger();
        TestComponent component = TestComponent.of("states", workers -> {
            startUps.incrementAndGet();
            workers.worker("idler").loop(ctx -> ctx.awaitStop(Duration.ofMinutes(1)));
        });
        assertThat(component.state()).isEqualTo(ComponentState.NEW);
        component.start();
        assertThat(component.state()).isEqualTo(ComponentState.RUNNING);
        assertThat(component.isRunning()).isTrue();
        assertThat(WorkerRegistry.shared().snapshot("states")).extracting(WorkerInfo::id).containsExactly("idler");

        StopOutcome outcome = component.stop();
        assertThat(outcome.clean()).isTrue();
        assertThat(outcome.generation()).isEqualTo(1);
        assertThat(component.state()).isEqualTo(ComponentState.TERMINATED);
        assertThat(component.isRunning()).isFalse();
        assertThat(component.lastStop()).isSameAs(outcome);
        assertThat(startUps).hasValue(1);
    }

    @Test
    void startWhileRunningIsANoOp() {
        AtomicInteger startUps = new AtomicInteger();
        TestComponent component = TestComponent.of("twice", workers -> startUps.incrementAndGet());
        component.start();
        component.start();
        assertThat(startUps).hasValue(1);
        component.stop();
    }

    @Test
    void stopIsIdempotentAndReturnsTheSameOutcome() {
        TestComponent component = TestComponent.of("idempotent", workers -> {});
        component.start();
        StopOutcome first = component.stop();
        assertThat(component.stop()).isSameAs(first);
        assertThat(component.state()).isEqualTo(ComponentState.TERMINATED);
    }

    @Test
    void stopBeforeStartIsCleanAndChangesNothing() {
        TestComponent component = TestComponent.of("never", workers -> {});
        StopOutcome outcome = component.stop();
        assertThat(outcome.clean()).isTrue();
        assertThat(outcome.generation()).isZero();
        assertThat(component.state()).isEqualTo(ComponentState.NEW);
    }

    @Test
    void startAfterStopBeginsAFreshGeneration() {
        List<WorkQueue<String>> queues = new CopyOnWriteArrayList<>();
        TestComponent component = TestComponent.of("generations", workers -> {
            WorkQueue<String> queue = workers.queue("in", 10);
            queues.add(queue);
            workers.worker("consumer").pool(1, queue).each(item -> {});
        });
        component.start();
        component.stop();
        component.start();
        assertThat(component.describe().generation()).isEqualTo(2);
        assertThat(queues).hasSize(2);
        assertThat(queues.get(0).isClosed()).isTrue();
        assertThat(queues.get(1).offer("fresh")).isEqualTo(Admission.ACCEPTED);
        assertThat(WorkerRegistry.shared().snapshot("generations"))
                .singleElement().satisfies(w -> assertThat(w.generation()).isEqualTo(2));
        assertThat(component.stop().generation()).isEqualTo(2);
    }

    @Test
    void aFailingStartUpFailsTheComponentAndStopsWhatItLaunched() {
        TestComponent component = TestComponent.of("broken-start", workers -> {
            workers.worker("launched-first").loop(ctx -> ctx.awaitStop(Duration.ofMinutes(1)));
            throw new IllegalStateException("no database");
        });
        assertThatThrownBy(component::start)
                .isInstanceOf(ComponentStartException.class)
                .hasMessageContaining("broken-start")
                .hasRootCauseMessage("no database");
        assertThat(component.state()).isEqualTo(ComponentState.FAILED);
        assertThat(component.describe().failure().message()).isEqualTo("no database");
        assertThat(WorkerRegistry.shared().snapshot("broken-start")).isEmpty();
    }

    @Test
    void aFailedComponentCanBeStartedAgain() {
        AtomicInteger attempts = new AtomicInteger();
        TestComponent component = TestComponent.of("retry-start", workers -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("first attempt fails");
            }
        });
        assertThatThrownBy(component::start).isInstanceOf(ComponentStartException.class);
        component.start();
        assertThat(component.state()).isEqualTo(ComponentState.RUNNING);
        assertThat(component.describe().failure()).isNull();
        component.stop();
    }

    @Test
    void listenersHearEveryTransitionInOrder() {
        List<String> heard = new CopyOnWriteArrayList<>();
        TestComponent component = TestComponent.of("heard", workers -> {});
        component.addListener((c, from, to) -> heard.add(from + "->" + to));
        component.start();
        component.stop();
        component.start();
        component.stop();
        assertThat(heard).containsExactly(
                "NEW->STARTING", "STARTING->RUNNING", "RUNNING->STOPPING", "STOPPING->TERMINATED",
                "TERMINATED->STARTING", "STARTING->RUNNING", "RUNNING->STOPPING", "STOPPING->TERMINATED");
    }

    @Test
    void aThrowingListenerDoesNotDisturbTheComponentOrOtherListeners() {
        List<ComponentState> heard = new CopyOnWriteArrayList<>();
        TestComponent component = TestComponent.of("bad-listener", workers -> {});
        component.addListener((c, from, to) -> {
            throw new IllegalStateException("listener bug");
        });
        component.addListener((c, from, to) -> heard.add(to));
        component.start();
        component.stop();
        assertThat(heard).containsExactly(ComponentState.STARTING, ComponentState.RUNNING,
                ComponentState.STOPPING, ComponentState.TERMINATED);
    }

    @Test
    void stopDuringAStartWaitsForTheStartUpThenStopsEverything() throws Exception {
        CountDownLatch inStartUp = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        TestComponent component = TestComponent.of("slow-start", workers -> {
            workers.worker("early").loop(ctx -> ctx.awaitStop(Duration.ofMinutes(1)));
            inStartUp.countDown();
            if (!release.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
            // Refused, failing the start, had the stop not waited for the start-up.
            workers.worker("late").loop(ctx -> ctx.awaitStop(Duration.ofMinutes(1)));
        });
        var starter = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            var starting = starter.submit(component::start);
            assertThat(inStartUp.await(30, TimeUnit.SECONDS)).isTrue();
            var stopping = component.stopAsync();
            await().atMost(Duration.ofSeconds(30)).until(() -> component.state() == ComponentState.STOPPING);
            release.countDown();
            StopOutcome outcome = stopping.get(30, TimeUnit.SECONDS);
            starting.get(30, TimeUnit.SECONDS);
            assertThat(outcome.clean()).isTrue();
        } finally {
            Pools.end(starter);
        }
        assertThat(component.state()).isEqualTo(ComponentState.TERMINATED);
        // The stopper thread completes the future as its last act, so it may still be listed for a moment.
        await().atMost(Duration.ofSeconds(30)).until(() -> WorkerRegistry.shared().snapshot("slow-start").isEmpty());
    }

    @Test
    void describeShowsWorkersQueuesAndTheLastStop() {
        TestComponent component = TestComponent.of("described", Duration.ofSeconds(3), workers -> {
            WorkQueue<String> queue = workers.queue("inbox", 8);
            queue.offer("waiting");
            workers.worker("ticker").virtual().every(Duration.ofMinutes(1), ctx -> {});
        });
        component.start();
        ComponentSnapshot running = component.describe();
        assertThat(running.state()).isEqualTo(ComponentState.RUNNING);
        assertThat(running.stopTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(running.workers()).singleElement().satisfies(w -> {
            assertThat(w.name()).isEqualTo("ticker");
            assertThat(w.kind()).isEqualTo(WorkerKind.VIRTUAL);
            assertThat(w.state()).isEqualTo(WorkerState.RUNNING);
            assertThat(w.threadName()).isEqualTo("keel-described-ticker");
        });
        assertThat(running.queues()).containsExactly(new QueueInfo("inbox", 1, 8, false));
        component.stop();
        assertThat(component.describe().lastStop()).isNotNull();
        assertThat(component.describe().workers()).isEmpty();
    }

    @Test
    void workersLaunchedAfterStartUpAreNumberedWhileStartUpWorkersKeepTheirRoleName() throws Exception {
        Workers[] launcher = new Workers[1];
        TestComponent component = TestComponent.of("numbered", workers -> {
            launcher[0] = workers;
            workers.worker("acceptor").loop(ctx -> ctx.awaitStop(Duration.ofMinutes(1)));
        });
        component.start();
        launcher[0].worker("connection").virtual().loop(ctx -> ctx.awaitStop(Duration.ofMinutes(1)));
        launcher[0].worker("connection").virtual().loop(ctx -> ctx.awaitStop(Duration.ofMinutes(1)));
        assertThat(WorkerRegistry.shared().snapshot("numbered")).extracting(WorkerInfo::id)
                .containsExactly("acceptor", "connection-1", "connection-2");
        component.stop();
    }

    @Test
    void codeAPoolCallsCanNameItsWorker() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        WorkQueue<Integer>[] queue = new WorkQueue[1];
        TestComponent component = TestComponent.of("who-am-i", workers -> {
            queue[0] = workers.queue("in", 10);
            workers.worker("writer").pool(1, queue[0]).each(item ->
                    seen.add(WorkerContext.current().map(WorkerContext::workerId).orElse("none")));
        });
        component.start();
        queue[0].offer(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() == 1);
        component.stop();
        assertThat(seen).containsExactly("writer-1");
        assertThat(WorkerContext.current()).as("not on a worker thread").isEmpty();
    }

    @Test
    void aFifthOfTheStopTimeoutIsKeptForCancelling() {
        assertThat(Component.cancelGrace(Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(1));
        assertThat(Component.cancelGrace(Duration.ofSeconds(20))).as("not capped: storage spools in it")
                .isEqualTo(Duration.ofSeconds(4));
    }
}
