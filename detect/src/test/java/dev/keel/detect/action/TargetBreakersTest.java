package dev.keel.detect.action;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
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
     * Uses and removals of the same targets from two threads: a removal decides and acts under the
     * target's own lock, so the registry (and its meters) never loses a breaker that is still
     * listed as in use, or keeps one that is not. A stress test: it passes every time with the fix;
     * without it, it catches the race often but not always.
     */
    @Test
    void removalAndUseOfOneTargetNeverLeaveTheRegistryAndTheTargetsApart() throws Exception {
        TargetBreakers alwaysIdle = new TargetBreakers("detect",
                new TargetBreakers.Settings(50, 10, 5, Duration.ofSeconds(30), 2, Duration.ofMillis(1)), meters,
                () -> clock.addAndGet(10));
        Thread user = new Thread(() -> {
            for (int i = 0; i < 20_000; i++) {
                alwaysIdle.forTarget("http://t" + (i % 3) + ":1");
            }
        });
        Thread cleaner = new Thread(() -> {
            for (int i = 0; i < 20_000; i++) {
                alwaysIdle.removeIdle();
            }
        });
        user.start();
        cleaner.start();
        user.join();
        cleaner.join();

        assertThat(alwaysIdle.registered())
                .isEqualTo(alwaysIdle.statuses().stream().map(BreakerStatus::target).toList());
    }
}
