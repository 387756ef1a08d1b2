package dev.keel.detect.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class TargetBreakersTest {

    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final TargetBreakers breakers = new TargetBreakers("detect",
            new TargetBreakers.Settings(50, 10, 5, Duration.ofSeconds(30), 2, Duration.ofMinutes(10)), meters,
            clock::get);

    @Test
    void idleTargetsLoseTheirBreakerAndMetersWhileUsedOnesKeepThem() {
        breakers.forTarget("http://a:1");
        clock.addAndGet(Duration.ofMinutes(6).toMillis());
        breakers.forTarget("http://b:1");
        clock.addAndGet(Duration.ofMinutes(5).toMillis());

        assertThat(breakers.removeIdle()).containsExactly("http://a:1");

        assertThat(breakers.statuses()).extracting(BreakerStatus::target).containsExactly("http://b:1");
        assertThat(breakers.registered()).containsExactly("http://b:1");
        assertThat(meters.find("keel.detect.breaker.state").tag("name", "http://a:1").gauges()).isEmpty();
    }

    /**
     * A use of a target whose removal is under way: the removal decides and acts under the
     * target's own lock, so the use waits for it and then gets a fresh breaker, registered with
     * its meters; it never gets the removed one, and the registry and the targets never part.
     * The removal is held inside its act (while it removes the breaker's meters) until the use
     * is seen waiting, so the two meet in that order every time.
     */
    @Test
    void aTargetUsedWhileItsRemovalIsUnderWayWaitsAndGetsAFreshRegisteredBreaker() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        CountDownLatch removing = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        AtomicBoolean first = new AtomicBoolean(true);
        meters.config().onMeterRemoved(meter -> {
            if (first.compareAndSet(true, false)) {
                removing.countDown();
                try {
                    resume.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        TargetBreakers idleAfterAMinute = new TargetBreakers("detect",
                new TargetBreakers.Settings(50, 10, 5, Duration.ofSeconds(30), 2, Duration.ofMinutes(1)), meters,
                clock::get);
        String target = "http://t:1";
        idleAfterAMinute.forTarget(target);
        clock.addAndGet(Duration.ofMinutes(2).toMillis());
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<List<String>> removal = threads.submit(idleAfterAMinute::removeIdle);
            assertThat(removing.await(30, TimeUnit.SECONDS)).as("the removal reached its act").isTrue();
            AtomicReference<Thread> user = new AtomicReference<>();
            Future<CircuitBreaker> use = threads.submit(() -> {
                user.set(Thread.currentThread());
                return idleAfterAMinute.forTarget(target);
            });

            // Waiting for the target's lock: BLOCKED on the monitor of ConcurrentHashMap, WAITING on any other lock.
            await().atMost(Duration.ofSeconds(30)).until(() -> use.isDone() || waiting(user.get()));
            assertThat(use.isDone()).as("the use waits while the removal holds the target").isFalse();
            resume.countDown();

            assertThat(removal.get(30, TimeUnit.SECONDS)).containsExactly(target);
            CircuitBreaker used = use.get(30, TimeUnit.SECONDS);
            assertThat(idleAfterAMinute.registered()).containsExactly(target);
            assertThat(idleAfterAMinute.statuses()).extracting(BreakerStatus::target).containsExactly(target);
            assertThat(idleAfterAMinute.forTarget(target)).as("the breaker the use got is the registered one")
                    .isSameAs(used);
            assertThat(meters.find("keel.detect.breaker.state").tag("name", target).gauges())
                    .as("the fresh breaker has its meters").isNotEmpty();
        } finally {
            resume.countDown();
            threads.shutdownNow();
            assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static boolean waiting(Thread thread) {
        return thread != null
                && (thread.getState() == Thread.State.BLOCKED || thread.getState() == Thread.State.WAITING);
    }
}
