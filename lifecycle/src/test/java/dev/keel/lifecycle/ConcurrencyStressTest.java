package dev.keel.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.keel.lifecycle.testing.LeakCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Many threads start, stop and restart one component at once: no deadlock, no leak, only legal states. */
class ConcurrencyStressTest {

    private static final int CALLERS = 8;
    private static final int OPERATIONS_PER_CALLER = 500;
    private static final Map<ComponentState, Set<ComponentState>> LEGAL = Map.of(
            ComponentState.NEW, EnumSet.of(ComponentState.STARTING),
            ComponentState.STARTING, EnumSet.of(ComponentState.RUNNING, ComponentState.STOPPING, ComponentState.FAILED),
            ComponentState.RUNNING, EnumSet.of(ComponentState.STOPPING, ComponentState.FAILED),
            ComponentState.STOPPING, EnumSet.of(ComponentState.TERMINATED, ComponentState.FAILED),
            ComponentState.TERMINATED, EnumSet.of(ComponentState.STARTING),
            ComponentState.FAILED, EnumSet.of(ComponentState.STARTING));

    @RegisterExtension
    LeakCheck leaks = LeakCheck.create().linger(Duration.ofSeconds(20));

    @Test
    void thousandsOfConcurrentStartsStopsAndRestartsStayConsistent() throws Exception {
        List<String> illegal = new ArrayList<>();
        AtomicInteger handled = new AtomicInteger();
        GenerationOverlap overlap = new GenerationOverlap();
        AtomicReference<Component> self = new AtomicReference<>();
        TestComponent component = TestComponent.of("stress", workers -> {
            long generation = self.get().describe().generation();
            WorkQueue<Integer> queue = workers.queue("in", 1000);
            workers.worker("pool").pool(2, queue).each(item -> overlap.during(generation, handled::incrementAndGet));
            workers.worker("feeder").virtual().loop(ctx -> overlap.during(generation,
                    () -> queue.offer(1, Duration.ofMillis(5))));
            workers.worker("ticker").every(Duration.ofMillis(1), ctx -> overlap.during(generation, () -> null));
        });
        self.set(component);
        component.addListener((c, from, to) -> {
            if (!LEGAL.get(from).contains(to)) {
                synchronized (illegal) {
                    illegal.add(from + "->" + to);
                }
            }
        });

        ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> work = new ArrayList<>();
            for (int c = 0; c < CALLERS; c++) {
                work.add(callers.submit(() -> {
                    if (!go.await(1, TimeUnit.MINUTES)) {
                        throw new IllegalStateException("never told to go");
                    }
                    for (int i = 0; i < OPERATIONS_PER_CALLER; i++) {
                        switch (ThreadLocalRandom.current().nextInt(4)) {
                            case 0 -> component.start();
                            case 1 -> component.stop();
                            case 2 -> component.stopAsync();
                            default -> {
                                component.stop();
                                component.start();
                            }
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : work) {
                try {
                    f.get(5, TimeUnit.MINUTES);
                } catch (TimeoutException deadlock) {
                    fail("no progress after 5 minutes; threads:\n" + threadDump());
                }
            }
        } finally {
            callers.shutdownNow();
        }

        StopOutcome last = component.stop();
        assertThat(last.clean()).isTrue();
        assertThat(component.state()).isEqualTo(ComponentState.TERMINATED);
        assertThat(illegal).isEmpty();
        assertThat(overlap.seen).as("work of two generations at once").isEmpty();
        assertThat(component.describe().generation()).isGreaterThan(1);
        assertThat(handled.get()).isPositive();
        assertThat(component.counter(LifecycleMetrics.WORKER_FAILURES, "worker", "pool")).isZero();
        assertThat(component.counter(LifecycleMetrics.STOP_TIMEOUTS)).isZero();
    }

    /** Records any moment at which workers of two generations were inside their bodies at once. */
    private static final class GenerationOverlap {
        private final Map<Long, AtomicInteger> inside = new ConcurrentHashMap<>();
        final ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();

        <T> T during(long generation, Callable<T> work) throws Exception {
            inside.computeIfAbsent(generation, g -> new AtomicInteger()).incrementAndGet();
            try {
                inside.forEach((other, count) -> {
                    if (other != generation && count.get() > 0) {
                        seen.add(generation + " with " + other);
                    }
                });
                return work.call();
            } finally {
                inside.get(generation).decrementAndGet();
            }
        }
    }

    private static String threadDump() {
        StringBuilder dump = new StringBuilder();
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            dump.append('"').append(thread.getName()).append("\" ").append(thread.getState()).append('\n');
            for (StackTraceElement frame : stack) {
                dump.append("\tat ").append(frame).append('\n');
            }
        });
        return dump.toString();
    }
}
