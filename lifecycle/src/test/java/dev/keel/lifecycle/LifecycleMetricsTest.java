package dev.keel.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keel.lifecycle.testing.LeakCheck;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The meters tell what the registry knows, and follow the component across generations. */
class LifecycleMetricsTest {

    @RegisterExtension
    LeakCheck leaks = LeakCheck.create();

    @Test
    void liveWorkersAreCountedByKind() {
        TestComponent component = TestComponent.of("counted", workers -> {
            workers.worker("platform-loop").loop(ctx -> ctx.awaitStop(Duration.ofMinutes(1)));
            workers.worker("virtual-loops").virtual().pool(3, workers.<String>queue("in", 1)).each(item -> {});
        });
        component.start();
        assertThat(live(component, "platform")).isEqualTo(1);
        assertThat(live(component, "virtual")).isEqualTo(3);
        assertThat(component.counter(LifecycleMetrics.WORKERS_STARTED)).isEqualTo(4);
        assertThat(component.meters.find(LifecycleMetrics.WORKER_FAILURES).tags("worker", "virtual-loops")
                .counter()).as("a failure counter at 0 before any failure").isNotNull()
                .extracting(counter -> counter.count()).isEqualTo(0.0);
        assertThat(component.meters.find(LifecycleMetrics.WORKER_RESTARTS).tags("worker", "platform-loop")
                .counter()).as("a restart counter at 0 before any restart").isNotNull();
        component.stop();
        assertThat(live(component, "platform")).isZero();
        assertThat(live(component, "virtual")).isZero();
    }

    @Test
    void queueGaugesFollowTheCurrentGeneration() {
        AtomicReference<WorkQueue<String>> current = new AtomicReference<>();
        TestComponent component = TestComponent.of("queued", workers -> {
            WorkQueue<String> queue = workers.queue("inbox", 5);
            queue.offer("first");
            current.set(queue);
        });
        component.start();
        assertThat(gauge(component, LifecycleMetrics.QUEUE_DEPTH)).isEqualTo(1);
        assertThat(gauge(component, LifecycleMetrics.QUEUE_CAPACITY)).isEqualTo(5);
        component.stop();
        component.start();
        current.get().offer("second generation");
        current.get().offer("second generation, again");
        assertThat(gauge(component, LifecycleMetrics.QUEUE_DEPTH)).isEqualTo(3);
        component.stop();
    }

    @Test
    void failuresAndRestartsAreTaggedWithTheWorker() {
        TestComponent component = TestComponent.of("tagged", workers ->
                workers.worker("flaky").recovery(RecoveryPolicy.restart().withBackoff(Duration.ZERO, Duration.ZERO))
                        .task(ctx -> {
                            throw new IllegalStateException("again");
                        }));
        component.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> component.state() == ComponentState.FAILED);
        assertThat(component.meters.find(LifecycleMetrics.WORKER_FAILURES).tags("component", "tagged", "worker", "flaky")
                .counter().count()).isEqualTo(11);
        assertThat(component.meters.find(LifecycleMetrics.WORKER_RESTARTS).tags("component", "tagged", "worker", "flaky")
                .counter().count()).isEqualTo(10);
        await().atMost(Duration.ofSeconds(30)).until(() -> WorkerRegistry.shared().snapshot("tagged").isEmpty());
    }

    private static double live(TestComponent component, String kind) {
        return component.meters.find(LifecycleMetrics.WORKERS_LIVE).tags("component", component.name(), "kind", kind)
                .gauge().value();
    }

    private static double gauge(TestComponent component, String name) {
        return component.meters.find(name).tags("component", component.name(), "queue", "inbox").gauge().value();
    }
}
