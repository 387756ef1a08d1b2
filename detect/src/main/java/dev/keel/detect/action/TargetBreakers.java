package dev.keel.detect.action;

import dev.keel.detect.metrics.DetectMetrics;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.CircuitBreakerMetricNames;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * on the first call after its open duration.
 */
public final class TargetBreakers {

    private static final Logger log = LoggerFactory.getLogger(TargetBreakers.class);

    private final String component;
    private final CircuitBreakerRegistry registry;
    private final long idleMillis;
    private final LongSupplier clock;
    private final Map<String, Long> lastUsed = new ConcurrentHashMap<>();

    public TargetBreakers(String component, CircuitBreakerConfig config, Duration idleTimeout, MeterRegistry meters,
            LongSupplier clock) {
        this.component = component;
        this.registry = CircuitBreakerRegistry.of(config);
        this.idleMillis = idleTimeout.toMillis();
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

    /** The breaker of {@code target}, created closed on first use; marks the target as used now. */
    public CircuitBreaker forTarget(String target) {
        lastUsed.put(target, clock.getAsLong());
        return registry.circuitBreaker(target);
    }

    /** Removes the breakers of targets unused for the idle timeout; returns the targets removed. */
    public List<String> removeIdle() {
        long now = clock.getAsLong();
        List<String> removed = new ArrayList<>();
        for (Map.Entry<String, Long> entry : lastUsed.entrySet()) {
            if (now - entry.getValue() >= idleMillis && lastUsed.remove(entry.getKey(), entry.getValue())) {
                registry.remove(entry.getKey());
                removed.add(entry.getKey());
            }
        }
        if (!removed.isEmpty()) {
            log.info("{}/breaker-cleanup: removed the circuit breakers of {} idle webhook targets: {}", component,
                    removed.size(), removed);
        }
        return removed;
    }

    public List<BreakerStatus> statuses() {
        List<BreakerStatus> all = new ArrayList<>();
        for (CircuitBreaker breaker : registry.getAllCircuitBreakers()) {
            Long used = lastUsed.get(breaker.getName());
            all.add(new BreakerStatus(breaker.getName(), breaker.getState().name(),
                    breaker.getMetrics().getFailureRate(), used == null ? null : Instant.ofEpochMilli(used)));
        }
        all.sort(java.util.Comparator.comparing(BreakerStatus::target));
        return all;
    }
}
