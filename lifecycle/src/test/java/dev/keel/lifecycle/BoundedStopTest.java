package dev.keel.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keel.lifecycle.testing.LeakCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Stop drains, then cancels, and returns within the stop timeout with an honest outcome. */
class BoundedStopTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    /**
     * Stop must return within its timeout; the slack covers only what follows the deadline
     * (rescue, shutDown, logging) and scheduling on a loaded machine. A correctness bound, not a
     * speed target.
     */
    private static final Duration SLACK = Duration.ofSeconds(2);

    @RegisterExtension
    LeakCheck leaks = LeakCheck.create();

    /** Set by a test to let its stuck worker go after the assertions. */
    private final AtomicBoolean release = new AtomicBoolean();

    @AfterEach
    void releaseStuckWorkers() {
        release.set(true);
    }

    @Test
    void stopLetsThePoolFinishEverythingItAccepted() {
        List<Integer> handled = new CopyOnWriteArrayList<>();
        WorkQueue<Integer>[] queue = new WorkQueue[1];
        TestComponent component = TestComponent.of("drain", workers -> {
            queue[0] = workers.queue("in", 10_000);
            workers.worker("slow").pool(2, queue[0]).each(item -> {
                Thread.sleep(1);
                handled.add(item);
            });
        });
        component.start();
        List<Integer> offered = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            offered.add(i);
        }
        assertThat(queue[0].offerAll(offered)).isEqualTo(Admission.ACCEPTED);
        StopOutcome outcome = component.stop();
        assertThat(outcome.clean()).isTrue();
        assertThat(handled).containsExactlyInAnyOrderElementsOf(offered);
    }

    @Test
    void producersLaunchedAfterAPoolAreStoppedBeforeThePoolDrains() {
        List<Integer> consumed = new CopyOnWriteArrayList<>();
        AtomicInteger produced = new AtomicInteger();
        TestComponent component = TestComponent.of("ordered", workers -> {
            WorkQueue<Integer> queue = workers.queue("hand-off", 100_000);
            workers.worker("consumer").pool(1, queue).each(consumed::add);
            workers.worker("producer").loop(ctx -> {
                // A producer blocked in a hand-off when the stop begins still gets its item in.
                if (queue.offer(produced.get(), Duration.ofSeconds(10)) == Admission.ACCEPTED) {
                    produced.incrementAndGet();
                }
            });
        });
        component.start();
        await().atMost(PATIENCE).until(() -> produced.get() > 1000);
        assertThat(component.stop().clean()).isTrue();
        assertThat(consumed).as("every item the producer handed off was consumed").hasSize(produced.get());
    }

    @Test
    void aStuckWorkerMakesStopReturnOnTimeNamingItWithItsStack() {
        Duration timeout = Duration.ofMillis(800);
        TestComponent component = TestComponent.of("stuck", timeout, workers -> {
            workers.worker("well-behaved").loop(ctx -> ctx.awaitStop(Duration.ofMinutes(1)));
            workers.worker("deaf").task(ctx -> ignoreInterruptsUntilReleased());
        });
        component.start();
        long begin = System.nanoTime();
        StopOutcome outcome = component.stop();
        Duration took = Duration.ofNanos(System.nanoTime() - begin);

        assertThat(took).isLessThan(timeout.plus(SLACK));
        assertThat(outcome.status()).isEqualTo(StopOutcome.Status.TIMED_OUT);
        assertThat(outcome.duration()).isGreaterThanOrEqualTo(timeout);
        assertThat(outcome.stuck()).singleElement().satisfies(stuck -> {
            assertThat(stuck.id()).isEqualTo("deaf");
            assertThat(stuck.threadName()).isEqualTo("keel-stuck-deaf");
            assertThat(stuck.state()).isEqualTo(WorkerState.CANCELLED);
            assertThat(stuck.stack()).anySatisfy(frame ->
                    assertThat(frame.getMethodName()).isEqualTo("ignoreInterruptsUntilReleased"));
        });
        assertThat(outcome.describe()).contains("keel-stuck-deaf", "ignoreInterruptsUntilReleased");
        assertThat(component.counter(LifecycleMetrics.STOP_TIMEOUTS)).isEqualTo(1);
        assertThat(component.state()).isEqualTo(ComponentState.TERMINATED);
        assertThat(WorkerRegistry.shared().snapshot("stuck")).extracting(WorkerInfo::id).containsExactly("deaf");
        release.set(true);
        await().atMost(PATIENCE).until(() -> WorkerRegistry.shared().snapshot("stuck").isEmpty());
    }

    @Test
    void aTimedOutStopLeavesNoWaitingThreadBehind() {
        Duration timeout = Duration.ofMillis(500);
        TestComponent component = TestComponent.of("no-waiter", timeout,
                workers -> workers.worker("deaf").task(ctx -> ignoreInterruptsUntilReleased()));
        component.start();
        Set<String> before = threadNames();
        StopOutcome outcome = component.stopAsync().join();
        assertThat(outcome.clean()).isFalse();
        // Only the stuck worker itself may remain: the stopper thread has gone.
        await().atMost(PATIENCE).until(() -> WorkerRegistry.shared().snapshot("no-waiter").stream()
                .map(WorkerInfo::id).toList().equals(List.of("deaf")));
        Set<String> added = threadNames();
        added.removeAll(before);
        assertThat(added).noneMatch(name -> name.contains("stopper"));
        release.set(true);
        await().atMost(PATIENCE).until(() -> WorkerRegistry.shared().snapshot("no-waiter").isEmpty());
    }

    @Test
    void whatIsStillQueuedAtTheDeadlineGoesToTheRescue() {
        List<Integer> rescued = new CopyOnWriteArrayList<>();
        List<Integer> handled = new CopyOnWriteArrayList<>();
        CountDownLatch firstTaken = new CountDownLatch(1);
        WorkQueue<Integer>[] queue = new WorkQueue[1];
        TestComponent component = TestComponent.of("rescue-at-deadline", Duration.ofMillis(600), workers -> {
            queue[0] = workers.queue("in", 100);
            workers.worker("sluggish").pool(1, queue[0])
                    .rescue((items, cause) -> rescued.addAll(items))
                    .each(item -> {
                        firstTaken.countDown();
                        Thread.sleep(Duration.ofMinutes(1)); // interrupted at the drain deadline
                        handled.add(item);
                    });
        });
        component.start();
        queue[0].offerAll(List.of(1, 2, 3, 4));
        await().atMost(PATIENCE).until(() -> firstTaken.getCount() == 0);
        StopOutcome outcome = component.stop();
        assertThat(outcome.clean()).as("interrupting the sleeper ended it").isTrue();
        assertThat(handled).isEmpty();
        assertThat(rescued).as("the item in hand and the queued ones").containsExactlyInAnyOrder(1, 2, 3, 4);
    }

    @Test
    void atTheDeadlineAResourceIsClosedOnlyAfterTheRescuesThatMayNeedIt() {
        AtomicBoolean clientOpen = new AtomicBoolean(true);
        List<Boolean> clientOpenAtRescue = new CopyOnWriteArrayList<>();
        List<Integer> rescued = new CopyOnWriteArrayList<>();
        CountDownLatch firstTaken = new CountDownLatch(1);
        WorkQueue<Integer>[] queue = new WorkQueue[1];
        TestComponent component = TestComponent.of("resource-after-rescue", Duration.ofMillis(800), workers -> {
            workers.closeInTurn("client", () -> clientOpen.set(false));
            queue[0] = workers.queue("in", 100);
            workers.worker("writer").pool(1, queue[0])
                    .rescue((items, cause) -> {
                        clientOpenAtRescue.add(clientOpen.get());
                        rescued.addAll(items);
                    })
                    .each(item -> {
                        firstTaken.countDown();
                        Thread.sleep(Duration.ofMinutes(1)); // still writing when the deadline comes
                    });
        });
        component.start();
        queue[0].offerAll(List.of(1, 2, 3));
        await().atMost(PATIENCE).until(() -> firstTaken.getCount() == 0);
        assertThat(component.stop().clean()).isTrue();
        assertThat(rescued).containsExactlyInAnyOrder(1, 2, 3);
        assertThat(clientOpenAtRescue).isNotEmpty().containsOnly(true);
        assertThat(clientOpen).as("closed in the end").isFalse();
    }

    @Test
    void concurrentStopCallersAllGetTheSameOutcome() throws Exception {
        TestComponent component = TestComponent.of("many-stoppers", workers ->
                workers.worker("idler").loop(ctx -> ctx.awaitStop(Duration.ofMinutes(1))));
        component.start();
        List<Future<StopOutcome>> outcomes = new ArrayList<>();
        try (var callers = Executors.newFixedThreadPool(8)) {
            CountDownLatch go = new CountDownLatch(1);
            for (int i = 0; i < 16; i++) {
                boolean async = i % 2 == 0;
                outcomes.add(callers.submit(() -> {
                    go.await();
                    return async ? component.stopAsync().join() : component.stop();
                }));
            }
            go.countDown();
            Set<StopOutcome> distinct = new java.util.HashSet<>();
            for (Future<StopOutcome> outcome : outcomes) {
                distinct.add(outcome.get());
            }
            assertThat(distinct).hasSize(1);
            assertThat(distinct.iterator().next()).isSameAs(component.lastStop());
        }
    }

    @Test
    void anInterruptedCallerStillGetsACompleteStop() throws Exception {
        AtomicBoolean drained = new AtomicBoolean();
        CountDownLatch waiting = new CountDownLatch(1);
        TestComponent component = TestComponent.of("interrupted-caller", workers ->
                workers.worker("slow-to-stop").loop(ctx -> {
                    waiting.countDown();
                    if (ctx.awaitStop(Duration.ofMinutes(1))) {
                        Thread.sleep(200);
                        drained.set(true);
                    }
                }));
        component.start();
        waiting.await();
        Thread.currentThread().interrupt();
        StopOutcome outcome = component.stop();
        assertThat(Thread.interrupted()).as("the caller's interrupt is kept for it").isTrue();
        assertThat(outcome.clean()).isTrue();
        assertThat(drained).isTrue();
    }

    @Test
    void shutDownRunsAfterTheWorkersHaveEnded() {
        AtomicBoolean workerAliveAtShutDown = new AtomicBoolean(true);
        TestComponent component = new TestComponent("shutdown-hook", Duration.ofSeconds(5),
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
                workers -> workers.worker("w").loop(ctx -> ctx.awaitStop(Duration.ofMinutes(1)))) {
            @Override
            protected void shutDown() {
                workerAliveAtShutDown.set(!WorkerRegistry.shared().snapshot("shutdown-hook").isEmpty());
            }
        };
        component.start();
        component.stop();
        assertThat(workerAliveAtShutDown).isFalse();
    }

    @Test
    void stopDurationIsRecordedWithItsOutcome() {
        TestComponent component = TestComponent.of("timed", workers -> {});
        component.start();
        component.stop();
        var timer = component.meters.find(LifecycleMetrics.STOP_DURATION).tags("component", "timed", "outcome", "clean").timer();
        assertThat(timer).isNotNull();
        assertThat(timer.count()).isEqualTo(1);
    }

    private void ignoreInterruptsUntilReleased() {
        while (!release.get()) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException deliberatelyIgnored) {
                // This worker plays one that ignores interrupts.
            }
        }
    }

    private static Set<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).collect(Collectors.toSet());
    }
}
