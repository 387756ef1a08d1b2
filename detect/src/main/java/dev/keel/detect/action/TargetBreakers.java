package dev.keel.detect.action;

import dev.keel.detect.metrics.DetectMetrics;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.CircuitBreakerMetricNames;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Resilience4j circuit breaker per webhook target, created on first use and removed by
 * {@link #removeIdle()} once unused for the idle timeout (so a rule set that churns through
 * URLs does not grow this forever). Breaker meters come from resilience4j-micrometer under
 * {@code keel.detect.breaker.*}, tag {@code name} = target; they go when the breaker goes.
 * No scheduler of Resilience4j's own is used: an open breaker lets trial calls through lazily,
 * on the first call after its open duration, as measured by the clock given here.
 */
public final class TargetBreakers {

    /** How a breaker behaves; see {@code keel.detect.actions.breaker.*}. */
    public record Settings(float failureRateThreshold, int slidingWindowSize, int minimumCalls, Duration openDuration,
            int halfOpenCalls, Duration idleTimeout) {}

    private record Use(CircuitBreaker breaker, long at) {}

    private static final Logger log = LoggerFactory.getLogger(TargetBreakers.class);

    private final String component;
    private final CircuitBreakerRegistry registry;
    private final long idleMillis;
    private final LongSupplier clock;
    /** A target's breaker and its last use; the registry changes only inside this map's per-key updates. */
    private final ConcurrentHashMap<String, Use> targets = new ConcurrentHashMap<>();

    /** @param clock epoch milliseconds: idleness, and the breakers' open duration */
    public TargetBreakers(String component, Settings settings, MeterRegistry meters, LongSupplier clock) {
        this.component = component;
        this.registry = CircuitBreakerRegistry.of(config(settings, clock));
        this.idleMillis = settings.idleTimeout().toMillis();
        this.clock = clock;
        registry.getEventPublisher().onEntryAdded(added -> {
            CircuitBreaker breaker = added.getAddedEntry();
            breaker.getEventPublisher().onStateTransition(event -> log.warn(
                    "{}/action-executor: circuit breaker for webhook target {} went {}", component,
                    breaker.getName(), event.getStateTransition()));
        });
        String prefix = DetectMetrics.BREAKER_PREFIX;
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(CircuitBreakerMetricNames.custom()
                        .callsMetricName(prefix + ".calls")
                        .notPermittedCallsMetricName(prefix + ".not.permitted.calls")
                        .stateMetricName(prefix + ".state")
                        .bufferedCallsMetricName(prefix + ".buffered.calls")
                        .slowCallsMetricName(prefix + ".slow.calls")
                        .failureRateMetricName(prefix + ".failure.rate")
                        .slowCallRateMetricName(prefix + ".slow.call.rate")
                        .build(), registry)
                .bindTo(meters);
    }

    private static CircuitBreakerConfig config(Settings settings, LongSupplier clock) {
        return CircuitBreakerConfig.custom()
                .failureRateThreshold(settings.failureRateThreshold())
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.slidingWindowSize())
                .minimumNumberOfCalls(settings.minimumCalls())
                .waitDurationInOpenState(settings.openDuration())
                .permittedNumberOfCallsInHalfOpenState(settings.halfOpenCalls())
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .clock(new MillisClock(clock))
                .build();
    }

    /** The breaker of {@code target}, created closed on first use; marks the target as used now. */
    public CircuitBreaker forTarget(String target) {
        long now = clock.getAsLong();
        return targets.compute(target, (t, use) -> new Use(use != null ? use.breaker() : registry.circuitBreaker(t), now))
                .breaker();
    }

    /** Removes the breakers of targets unused for the idle timeout; returns the targets removed. */
    public List<String> removeIdle() {
        long now = clock.getAsLong();
        List<String> removed = new ArrayList<>();
        for (String target : targets.keySet()) {
            // Decided and done under the key's lock, so a concurrent forTarget either comes first
            // (and the target is not idle) or after (and gets a fresh breaker): never a removed one.
            targets.computeIfPresent(target, (t, use) -> {
                if (now - use.at() < idleMillis) {
                    return use;
                }
                registry.remove(t);
                removed.add(t);
                return null;
            });
        }
        if (!removed.isEmpty()) {
            log.info("{}/breaker-cleanup: removed the circuit breakers of {} idle webhook targets: {}", component,
                    removed.size(), removed);
        }
        return removed;
    }

    public List<BreakerStatus> statuses() {
        List<BreakerStatus> all = new ArrayList<>();
        targets.forEach((target, use) -> all.add(new BreakerStatus(target, use.breaker().getState().name(),
                use.breaker().getMetrics().getFailureRate(), Instant.ofEpochMilli(use.at()))));
        all.sort(Comparator.comparing(BreakerStatus::target));
        return all;
    }

    /** The registry's breakers' names: what {@link #statuses()} must always agree with (for tests). */
    List<String> registered() {
        return registry.getAllCircuitBreakers().stream().map(CircuitBreaker::getName).sorted().toList();
    }

    /** Resilience4j measures the open duration with a {@link Clock}: ours, so tests can move time. */
    private static final class MillisClock extends Clock {
        private final LongSupplier millis;

        MillisClock(LongSupplier millis) {
            this.millis = millis;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.getAsLong());
        }

        @Override
        public long millis() {
            return millis.getAsLong();
        }
    }
}
