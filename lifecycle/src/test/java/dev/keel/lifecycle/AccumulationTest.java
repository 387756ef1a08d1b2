package dev.keel.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.lifecycle.testing.LeakCheck;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Nothing grows with use: not threads, workers or meters across cycles, nor stages within one generation. */
class AccumulationTest {

    private static final int CYCLES = 1_000;

    @RegisterExtension
    LeakCheck leaks = LeakCheck.create().linger(Duration.ofSeconds(20));

    @Test
    void aThousandStartStopCyclesLeaveNothingBehind() {
        TestComponent component = TestComponent.of("cycles", workers -> {
            WorkQueue<Integer> queue = workers.queue("in", 100);
            queue.offer(1);
            workers.worker("pool").pool(2, queue).each(item -> {});
            workers.worker("loop").virtual().loop(ctx -> ctx.awaitStop(Duration.ofMinutes(1)));
            workers.worker("tick").every(Duration.ofMinutes(1), ctx -> {});
        });
        int threadsBefore = Thread.activeCount();
        component.start();
        component.stop();
        int metersAfterFirstCycle = component.meters.getMeters().size();

        for (int i = 1; i < CYCLES; i++) {
            component.start();
            StopOutcome outcome = component.stop();
            assertThat(outcome.clean()).as("cycle %d: %s", i, outcome.describe()).isTrue();
        }

        assertThat(component.describe().generation()).isEqualTo(CYCLES);
        assertThat(WorkerRegistry.shared().snapshot("cycles")).isEmpty();
        assertThat(component.meters.getMeters()).hasSize(metersAfterFirstCycle);
        assertThat(component.counter(LifecycleMetrics.WORKERS_STARTED)).isEqualTo(CYCLES * 4.0);
        // The leak check verifies the threads are gone; this bounds any drift right now, with slack for the JVM's own.
        assertThat(Thread.activeCount()).isLessThanOrEqualTo(threadsBefore + 4);
    }

    @Test
    void tenThousandShortTasksInOneGenerationDoNotPileUp() throws Exception {
        Executor[] executor = new Executor[1];
        TestComponent component = TestComponent.of("short-tasks", workers -> executor[0] = workers.executor("task"));
        component.start();
        CountDownLatch done = new CountDownLatch(10_000);
        for (int i = 0; i < 10_000; i++) {
            executor[0].execute(done::countDown);
        }
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> WorkerRegistry.shared().snapshot("short-tasks").isEmpty());
        assertThat(component.counter(LifecycleMetrics.WORKERS_STARTED)).isEqualTo(10_000);
        StopOutcome outcome = component.stop();
        assertThat(outcome.clean()).isTrue();
    }
}
