package dev.keel.lifecycle;

import static dev.keel.lifecycle.StopGates.BUSY_AT_DEADLINE;
import static dev.keel.lifecycle.StopGates.releaseAtStop;
import static dev.keel.lifecycle.testing.Latches.awaitOrFail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keel.lifecycle.testing.Latches;
import dev.keel.lifecycle.testing.LeakCheck;
import dev.keel.lifecycle.testing.Pools;
import dev.keel.lifecycle.testing.Stacks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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

    /** Counted down by a test to let its stuck worker go after the assertions, and after each test. */
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void releaseStuckWorkers() {
        release.countDown();
    }

    @Test
    void stopLetsThePoolFinishEverythingItAccepted() {
        Queue<Integer> handled = new ConcurrentLinkedQueue<>();
        CountDownLatch stopBegan = new CountDownLatch(1);
        WorkQueue<Integer>[] queue = new WorkQueue[1];
        TestComponent component = TestComponent.of("drain", workers -> {
            queue[0] = workers.queue("in", 10_000);
            workers.worker("held").pool(2, queue[0]).each(item -> {
                awaitOrFail(stopBegan); // nothing is handled before the stop: the stop must drain it all
                handled.add(item);
            });
        });
        releaseAtStop(component, stopBegan);
        component.start();
        List<Integer> offered = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            offered.add(i);
        }
        assertThat(queue[0].offerAll(offered)).isEqualTo(Admission.ACCEPTED);
        StopOutcome outcome = component.stop();
        assertThat(outcome.clean()).as(outcome.describe()).isTrue();
        assertThat(handled).containsExactlyInAnyOrderElementsOf(offered);
    }

    @Test
    void producersLaunchedAfterAPoolAreStoppedBeforeThePoolDrains() throws Exception {
        int capacity = 10;
        Queue<Integer> consumed = new ConcurrentLinkedQueue<>();
        Queue<Admission> notAccepted = new ConcurrentLinkedQueue<>();
        AtomicInteger handedOff = new AtomicInteger();
        CountDownLatch consumerMayGo = new CountDownLatch(1);
        TestComponent component = TestComponent.of("ordered", workers -> {
            WorkQueue<Integer> queue = workers.queue("hand-off", capacity);
            workers.worker("consumer").pool(1, queue).each(item -> {
                awaitOrFail(consumerMayGo);
                consumed.add(item);
            });
            workers.worker("producer").loop(ctx -> {
                Admission admission = queue.offer(handedOff.get(), PATIENCE);
                if (admission == Admission.ACCEPTED) {
                    handedOff.incrementAndGet();
                } else {
                    notAccepted.add(admission);
                }
            });
        });
        component.start();
        // One item in the held consumer's hands, a full queue and the producer blocked in the next
        // hand-off, so it cannot see the stop before the pool drains: the work before the stop is fixed.
        await().atMost(PATIENCE).until(() -> handedOff.get() == capacity + 1);
        Stacks.awaitWaitingIn("keel-ordered-producer", WorkQueue.class, "offerAll");

        var stop = component.stopAsync();
        StopOutcome outcome;
        try {
            await().atMost(PATIENCE).until(() -> stateOf("ordered", "producer") == WorkerState.STOPPING);
            assertThat(stateOf("ordered", "consumer-1")).as("the pool has not had its turn yet")
                    .isEqualTo(WorkerState.RUNNING);
        } finally {
            consumerMayGo.countDown(); // also after a failed check, so the stop ends rather than times out
            outcome = stop.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        }

        assertThat(outcome.clean()).as(outcome.describe()).isTrue();
        assertThat(notAccepted).as("the queue stayed open until the producer had ended").isEmpty();
        assertThat(handedOff).as("the blocked hand-off got in, then the producer saw the stop").hasValue(capacity + 2);
        assertThat(consumed).as("every item the producer handed off was consumed, in order")
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, capacity + 2).boxed().toList());
    }

    @Test
    void aStuckWorkerMakesStopReturnOnTimeNamingItWithItsStack() {
        // Long enough that the well-behaved worker ends within it on a loaded machine.
        Duration timeout = Duration.ofSeconds(2);
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
        release.countDown();
        await().atMost(PATIENCE).until(() -> WorkerRegistry.shared().snapshot("stuck").isEmpty());
    }

    @Test
    void aTimedOutStopLeavesNoWaitingThreadBehind() throws Exception {
        Duration timeout = Duration.ofMillis(500);
        TestComponent component = TestComponent.of("no-waiter", timeout,
                workers -> workers.worker("deaf").task(ctx -> ignoreInterruptsUntilReleased()));
        component.start();
        Set<String> before = threadNames();
        StopOutcome outcome = component.stopAsync().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(outcome.clean()).isFalse();
        // Only the stuck worker itself may remain: the stopper thread goes. It leaves the registry
        // just before its thread ends, so its thread is polled for too.
        await().atMost(PATIENCE).until(() -> WorkerRegistry.shared().snapshot("no-waiter").stream()
                .map(WorkerInfo::id).toList().equals(List.of("deaf")));
        await().atMost(PATIENCE).until(() -> {
            Set<String> added = threadNames();
            added.removeAll(before);
            return added.stream().noneMatch(name -> name.contains("stopper"));
        });
        assertThat(threadNames()).as("the stuck worker is still there").contains("keel-no-waiter-deaf");
        release.countDown();
        await().atMost(PATIENCE).until(() -> WorkerRegistry.shared().snapshot("no-waiter").isEmpty());
    }

    @Test
    void whatIsStillQueuedAtTheDeadlineGoesToTheRescue() throws Exception {
        List<Integer> rescued = new CopyOnWriteArrayList<>();
        List<Integer> handled = new CopyOnWriteArrayList<>();
        CountDownLatch firstTaken = new CountDownLatch(1);
        WorkQueue<Integer>[] queue = new WorkQueue[1];
        TestComponent component = TestComponent.of("rescue-at-deadline", BUSY_AT_DEADLINE, workers -> {
            queue[0] = workers.queue("in", 100);
            workers.worker("sluggish").pool(1, queue[0])
                    .rescue((items, cause) -> rescued.addAll(items))
                    .each(item -> {
                        firstTaken.countDown();
                        Latches.blockUntilInterrupted(PATIENCE); // interrupted at the drain deadline
                        handled.add(item);
                    });
        });
        component.start();
        assertThat(queue[0].offerAll(List.of(1, 2, 3, 4))).isEqualTo(Admission.ACCEPTED);
        awaitOrFail(firstTaken);
        StopOutcome outcome = component.stop();
        assertThat(outcome.clean()).as("interrupting the blocked worker ended it: " + outcome.describe()).isTrue();
        assertThat(outcome.duration()).as("not before the drain deadline")
                .isGreaterThanOrEqualTo(BUSY_AT_DEADLINE.minus(Component.cancelGrace(BUSY_AT_DEADLINE)));
        assertThat(handled).isEmpty();
        assertThat(rescued).as("the item in hand and the queued ones").containsExactlyInAnyOrder(1, 2, 3, 4);
    }

    @Test
    void atTheDeadlineAResourceIsClosedOnlyAfterTheRescuesThatMayNeedIt() throws Exception {
        AtomicBoolean clientOpen = new AtomicBoolean(true);
        List<Boolean> clientOpenAtRescue = new CopyOnWriteArrayList<>();
        List<Integer> rescued = new CopyOnWriteArrayList<>();
        CountDownLatch firstTaken = new CountDownLatch(1);
        WorkQueue<Integer>[] queue = new WorkQueue[1];
        TestComponent component = TestComponent.of("resource-after-rescue", BUSY_AT_DEADLINE, workers -> {
            workers.closeInTurn("client", () -> clientOpen.set(false));
            queue[0] = workers.queue("in", 100);
            workers.worker("writer").pool(1, queue[0])
                    .rescue((items, cause) -> {
                        clientOpenAtRescue.add(clientOpen.get());
                        rescued.addAll(items);
                    })
                    .each(item -> {
                        firstTaken.countDown();
                        Latches.blockUntilInterrupted(PATIENCE); // still writing when the deadline comes
                    });
        });
        component.start();
        assertThat(queue[0].offerAll(List.of(1, 2, 3))).isEqualTo(Admission.ACCEPTED);
        awaitOrFail(firstTaken);
        StopOutcome outcome = component.stop();
        assertThat(outcome.clean()).as(outcome.describe()).isTrue();
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
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            for (int i = 0; i < 16; i++) {
                boolean async = i % 2 == 0;
                outcomes.add(callers.submit(() -> {
                    awaitOrFail(go);
                    return async ? component.stopAsync().get(PATIENCE.toSeconds(), TimeUnit.SECONDS) : component.stop();
                }));
            }
            go.countDown();
            Set<StopOutcome> distinct = new java.util.HashSet<>();
            for (Future<StopOutcome> outcome : outcomes) {
                distinct.add(outcome.get(PATIENCE.toSeconds(), TimeUnit.SECONDS));
            }
            assertThat(distinct).hasSize(1);
            assertThat(distinct.iterator().next()).isSameAs(component.lastStop());
        } finally {
            Pools.end(callers);
        }
    }

    @Test
    void anInterruptedCallerStillGetsACompleteStop() throws Exception {
        Thread caller = Thread.currentThread();
        AtomicBoolean drained = new AtomicBoolean();
        CountDownLatch waiting = new CountDownLatch(1);
        TestComponent component = TestComponent.of("interrupted-caller", workers ->
                workers.worker("slow-to-stop").loop(ctx -> {
                    waiting.countDown();
                    if (ctx.awaitStop(Duration.ofMinutes(1))) {
                        // Finishes only once the caller, its interrupt already seen, waits in the stop for it.
                        await().atMost(PATIENCE).until(() -> caller.getState() == Thread.State.TIMED_WAITING);
                        drained.set(true);
                    }
                }));
        component.start();
        awaitOrFail(waiting);
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

    /**
     * Plays a worker that ignores interrupts: it ends once released (after each test at the
     * latest), or by itself after {@link #PATIENCE} should a test hang before that.
     */
    private void ignoreInterruptsUntilReleased() {
        while (true) {
            try {
                release.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
                return;
            } catch (InterruptedException deliberatelyIgnored) {
                // This worker plays one that ignores interrupts.
            }
        }
    }

    private static WorkerState stateOf(String component, String worker) {
        return WorkerRegistry.shared().snapshot(component).stream().filter(w -> w.id().equals(worker))
                .map(WorkerInfo::state).findFirst().orElseThrow();
    }

    private static Set<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).collect(Collectors.toSet());
    }
}
