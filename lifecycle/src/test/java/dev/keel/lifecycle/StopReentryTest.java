package dev.keel.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keel.lifecycle.testing.Latches;
import dev.keel.lifecycle.testing.LeakCheck;
import dev.keel.lifecycle.testing.Stacks;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Stops that re-enter the component (from its listeners or its own workers) or that an error
 * breaks off: none may wait for itself, strand another caller, report a false timeout or lose
 * what a worker had in hand. Each case once hung or misreported.
 */
class StopReentryTest {

    /** Far longer than any of these stops should take: a stop that waits for itself would show. */
    private static final Duration LONG_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @RegisterExtension
    LeakCheck leaks = LeakCheck.create();

    @Test
    void anErrorFromShutDownFailsTheComponentAndReachesEveryCaller() throws Exception {
        CountDownLatch secondCallerWaits = new CountDownLatch(1);
        TestComponent component = new TestComponent("broken-shutdown", LONG_TIMEOUT,
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), workers -> {}) {
            @Override
            protected void shutDown() throws InterruptedException {
                if (secondCallerWaits.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                    throw new AssertionError("shutDown broke");
                }
            }
        };
        component.start();
        AtomicReference<Throwable> first = new AtomicReference<>();
        AtomicReference<Throwable> second = new AtomicReference<>();
        Thread firstCaller = new Thread(() -> first.set(stopFailure(component)));
        firstCaller.start();
        await().atMost(DEADLINE).until(() -> component.state() == ComponentState.STOPPING);
        Thread secondCaller = new Thread(() -> second.set(stopFailure(component)));
        secondCaller.start();
        // Waiting for the first caller's stop, not merely started: a late caller would get the error too.
        Stacks.awaitWaitingIn(secondCaller, Component.class, "awaitStopped");

        secondCallerWaits.countDown();
        firstCaller.join(DEADLINE);
        secondCaller.join(DEADLINE);
        assertThat(firstCaller.isAlive() || secondCaller.isAlive()).as("both callers returned").isFalse();

        assertThat(first.get()).isInstanceOf(AssertionError.class).hasMessage("shutDown broke");
        assertThat(second.get()).as("the caller that waited gets the same error").isSameAs(first.get());
        assertThat(component.state()).isEqualTo(ComponentState.FAILED);
    }

    private static Throwable stopFailure(Component component) {
        try {
            component.stop();
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    @Test
    void aListenerThatStopsTheComponentItIsBeingToldIsStoppingIsRefusedInsteadOfWaitingForItself() {
        TestComponent component = TestComponent.of("listener-stops", LONG_TIMEOUT, workers -> {});
        AtomicReference<Throwable> refused = new AtomicReference<>();
        component.addListener((c, from, to) -> {
            if (to == ComponentState.STOPPING) {
                try {
                    c.stop();
                } catch (IllegalStateException e) {
                    refused.set(e);
                }
            }
        });
        component.start();

        CompletableFuture<StopOutcome> stop = CompletableFuture.supplyAsync(component::stop);
        await().atMost(DEADLINE).until(stop::isDone);
        assertThat(stop.join().clean()).isTrue();
        assertThat(refused.get()).hasMessageContaining("is being stopped by this thread");
        assertThat(component.state()).isEqualTo(ComponentState.TERMINATED);
    }

    @Test
    void aListenerThatStopsTheComponentAsItStartsDoesNotWaitForTheStartUpItHolds() {
        TestComponent component = TestComponent.of("stopped-while-starting", LONG_TIMEOUT,
                workers -> workers.worker("ticker").every(Duration.ofMillis(10), ctx -> {}));
        List<StopOutcome> outcomes = new CopyOnWriteArrayList<>();
        component.addListener((c, from, to) -> {
            if (to == ComponentState.STARTING) {
                outcomes.add(c.stop());
            }
        });

        CompletableFuture<Throwable> start = CompletableFuture.supplyAsync(() -> {
            try {
                component.start();
                return null;
            } catch (ComponentStartException e) {
                return e;
            }
        });
        await().atMost(DEADLINE).until(start::isDone);
        assertThat(start.join()).as("the start-up found the stop and launched nothing")
                .isInstanceOf(ComponentStartException.class);
        assertThat(outcomes).singleElement().satisfies(outcome -> assertThat(outcome.clean()).isTrue());
        assertThat(component.state()).isEqualTo(ComponentState.TERMINATED);
        assertThat(WorkerRegistry.shared().snapshot("stopped-while-starting")).isEmpty();
    }

    @Test
    void aWorkerMayStopItsOwnComponentWithoutBeingCountedAsStuck() {
        AtomicReference<TestComponent> self = new AtomicReference<>();
        CompletableFuture<StopOutcome> outcome = new CompletableFuture<>();
        TestComponent component = TestComponent.of("stops-itself", LONG_TIMEOUT, workers -> {
            workers.worker("ticker").every(Duration.ofMillis(10), ctx -> {});
            workers.worker("quitter").task(ctx -> outcome.complete(self.get().stop()));
        });
        self.set(component);
        component.start();

        await().atMost(DEADLINE).until(outcome::isDone);
        assertThat(outcome.join().status()).isEqualTo(StopOutcome.Status.CLEAN);
        assertThat(outcome.join().stuck()).isEmpty();
        assertThat(component.counter(LifecycleMetrics.STOP_TIMEOUTS)).isZero();
        await().atMost(DEADLINE).until(() -> WorkerRegistry.shared().snapshot("stops-itself").isEmpty());
    }

    @Test
    void aWorkerMayStopItsOwnComponentWhileAnotherStopIsUnderWay() {
        AtomicReference<TestComponent> self = new AtomicReference<>();
        CompletableFuture<StopOutcome> workersStop = new CompletableFuture<>();
        TestComponent component = TestComponent.of("stops-along", LONG_TIMEOUT, workers -> {
            workers.worker("ticker").every(Duration.ofMillis(10), ctx -> {});
            workers.worker("follower").task(ctx -> {
                while (!ctx.awaitStop(Duration.ofSeconds(1))) {
                    // wait for the stop someone else begins
                }
                workersStop.complete(self.get().stop());
            });
        });
        self.set(component);
        component.start();

        CompletableFuture<StopOutcome> stop = CompletableFuture.supplyAsync(component::stop);

        await().atMost(DEADLINE).until(() -> stop.isDone() && workersStop.isDone());
        assertThat(stop.join().clean()).isTrue();
        assertThat(workersStop.join()).isSameAs(stop.join());
        assertThat(component.counter(LifecycleMetrics.STOP_TIMEOUTS)).isZero();
    }

    @Test
    void aListenerThatStartsTheComponentItIsBeingToldIsStartingIsRefusedInsteadOfWaitingForItself() {
        TestComponent component = TestComponent.of("listener-starts", LONG_TIMEOUT, workers -> {});
        AtomicReference<Throwable> refused = new AtomicReference<>();
        component.addListener((c, from, to) -> {
            if (to == ComponentState.STARTING) {
                try {
                    c.start();
                } catch (IllegalStateException e) {
                    refused.set(e);
                }
            }
        });

        CompletableFuture<Void> start = CompletableFuture.runAsync(component::start);

        await().atMost(DEADLINE).until(start::isDone);
        assertThat(refused.get()).hasMessageContaining("is being started by this thread");
        assertThat(component.state()).isEqualTo(ComponentState.RUNNING);
        assertThat(component.stop().clean()).isTrue();
    }

    @Test
    void anAsynchronousStopCompletesOnlyOnceListenersHaveHeardItsEnd() {
        TestComponent component = TestComponent.of("announced", LONG_TIMEOUT, workers -> {});
        AtomicReference<CompletableFuture<StopOutcome>> stop = new AtomicReference<>();
        List<Boolean> doneWhenHeard = new CopyOnWriteArrayList<>();
        component.addListener((c, from, to) -> {
            if (to == ComponentState.TERMINATED) {
                await().atMost(DEADLINE).until(() -> stop.get() != null);
                doneWhenHeard.add(stop.get().isDone());
            }
        });
        component.start();

        stop.set(component.stopAsync());

        await().atMost(DEADLINE).until(() -> stop.get().isDone());
        assertThat(doneWhenHeard).as("what is chained on the stop comes after the listeners").containsExactly(false);
    }

    @Test
    void listenersHearChangesInOrderEvenWhenOneOfThemChangesTheState() {
        TestComponent component = TestComponent.of("listener-reenters", LONG_TIMEOUT, workers -> {});
        List<String> heard = new CopyOnWriteArrayList<>();
        component.addListener((c, from, to) -> {
            if (to == ComponentState.RUNNING) {
                c.stop();
            }
        });
        component.addListener((c, from, to) -> heard.add(from + "->" + to));

        component.start();

        assertThat(heard).containsExactly("NEW->STARTING", "STARTING->RUNNING", "RUNNING->STOPPING",
                "STOPPING->TERMINATED");
    }

    @Test
    void aPoolWhoseTurnNeverCameHandsOnTheBatchItWasFillingBeforeAnythingIsCancelled() throws Exception {
        List<Integer> handled = new CopyOnWriteArrayList<>();
        List<Integer> rescued = new CopyOnWriteArrayList<>();
        CountDownLatch offered = new CountDownLatch(1);
        AtomicReference<WorkQueue<Integer>> queue = new AtomicReference<>();
        // The producer, launched last, ignores the stop signal, so the drain deadline passes
        // before the pool's turn, with the pool waiting to fill a batch it has started to claim.
        // Its queue is closed before the cancel, which wakes it with the batch in hand (the
        // interrupt, should it come first, is WorkQueueTest's case).
        TestComponent component = TestComponent.of("claimed-batch", Duration.ofSeconds(2), workers -> {
            queue.set(workers.queue("in", 100));
            workers.worker("writer").pool(1, queue.get()).rescue((items, cause) -> rescued.addAll(items))
                    .eachBatch(10, 10, Duration.ofHours(1), handled::addAll);
            workers.worker("producer").task(ctx -> {
                if (queue.get().offerAll(List.of(1, 2, 3)) == Admission.ACCEPTED) {
                    offered.countDown();
                }
                Latches.blockUntilInterrupted(DEADLINE); // deaf to the signal until cancelled
            });
        });
        component.start();
        assertThat(offered.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        await().atMost(DEADLINE).until(() -> queue.get().size() == 0); // claimed by the waiting writer

        component.stop();

        assertThat(handled.size() + rescued.size()).isEqualTo(3);
        assertThat(component.counter(LifecycleMetrics.ITEMS_LOST)).isZero();
    }

    @Test
    void aFailureWithTheInterruptFlagSetStillRestarts() {
        AtomicInteger runs = new AtomicInteger();
        TestComponent component = TestComponent.of("interrupted-failure", workers ->
                workers.worker("looper").loop(ctx -> {
                    if (runs.incrementAndGet() == 1) {
                        Thread.currentThread().interrupt(); // "restore the interrupt, wrap, rethrow"
                        throw new IllegalStateException("wrapped interrupt");
                    }
                    ctx.awaitStop(Duration.ofMillis(10));
                }));
        component.start();

        await().atMost(DEADLINE).until(() -> runs.get() >= 3);
        assertThat(component.counter(LifecycleMetrics.WORKER_RESTARTS)).isEqualTo(1);
        assertThat(component.stop().clean()).isTrue();
    }
}
