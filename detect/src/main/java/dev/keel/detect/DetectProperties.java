package dev.keel.detect;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.validation.annotation.Validated;

/**
 * Configuration of the detect component, under {@code keel.detect}. The constructor checks
 * every value too, so plain-Java users get the same errors as Spring's validation.
 *
 * @param rulesDir directory of rule files ({@code *.yml}, {@code *.yaml}, searched recursively; hidden files skipped); created empty if missing
 * @param queueCapacity events the input queue holds; when full, offers answer FULL (ingest: HTTP 429)
 * @param matcherThreads matcher worker threads (platform threads: matching is CPU work)
 * @param batchSize most events a matcher takes at once and hands to storage in one offer
 * @param regexTimeout how long a rule's regular expression may run on one value before that counts as a rule failure
 * @param reloadDebounce quiet time after a change in the rules directory before the rules are reloaded
 * @param stopTimeout the component's stop timeout: drain (everything accepted handed to storage, queued actions delivered), then cancel
 * @param rescueDir where events and alerts that cannot be handed to storage are spooled, to be replayed once it takes them again
 * @param rescueReplayInterval how often the rescue spool is looked at while running, and its files handed on again
 * @param quarantine when a failing rule is taken out of matching
 * @param correlation correlation window limits
 * @param actions rule actions (log, webhook)
 * @param mappings the field mappings applied to events before rules see them, in order: shipped ones by name ({@code winlogbeat}, {@code nxlog}, {@code windows}, {@code auditd}, {@code syslog}) and paths of one's own files; empty for none
 * @param placeholders the values of the {@code expand} modifier's placeholders: {@code %name%} in a rule value stands for each of {@code placeholders.name}
 */
@ConfigurationProperties("keel.detect")
@Validated
public record DetectProperties(
        @NotNull @DefaultValue("rules") Path rulesDir,
        @Min(1) @DefaultValue("10000") int queueCapacity,
        @Min(1) @DefaultValue("2") int matcherThreads,
        @Min(1) @DefaultValue("500") int batchSize,
        @NotNull @DefaultValue("100ms") Duration regexTimeout,
        @NotNull @DefaultValue("300ms") Duration reloadDebounce,
        @NotNull @DefaultValue("10s") Duration stopTimeout,
        @NotNull @DefaultValue("data/detect-rescue") Path rescueDir,
        @NotNull @DefaultValue("10s") Duration rescueReplayInterval,
        @Valid @NotNull @DefaultValue Quarantine quarantine,
        @Valid @NotNull @DefaultValue Correlation correlation,
        @Valid @NotNull @DefaultValue Actions actions,
        @NotNull @DefaultValue({"winlogbeat", "nxlog", "windows", "auditd", "syslog"}) List<String> mappings,
        Map<String, List<String>> placeholders) {

    public DetectProperties {
        Objects.requireNonNull(rulesDir, "keel.detect.rules-dir");
        Objects.requireNonNull(rescueDir, "keel.detect.rescue-dir");
        atLeastOne(queueCapacity, "queue-capacity");
        atLeastOne(matcherThreads, "matcher-threads");
        atLeastOne(batchSize, "batch-size");
        positive(regexTimeout, "regex-timeout");
        positive(reloadDebounce, "reload-debounce");
        positive(stopTimeout, "stop-timeout");
        positive(rescueReplayInterval, "rescue-replay-interval");
        Objects.requireNonNull(quarantine, "keel.detect.quarantine");
        Objects.requireNonNull(correlation, "keel.detect.correlation");
        Objects.requireNonNull(actions, "keel.detect.actions");
        mappings = mappings == null ? List.of() : mappings.stream().filter(name -> !name.isBlank()).toList();
        placeholders = placeholders == null ? Map.of() : Map.copyOf(placeholders);
    }

    /**
     * When a rule that throws is quarantined.
     *
     * @param failures failures within {@code window} that quarantine a rule (until the next reload)
     * @param window the sliding window the failures are counted in
     */
    public record Quarantine(@Min(1) @DefaultValue("10") int failures, @NotNull @DefaultValue("1m") Duration window) {
        public Quarantine {
            atLeastOne(failures, "quarantine.failures");
            positive(window, "quarantine.window");
        }
    }

    /**
     * @param maxKeys windows (group-by keys) one correlation rule may hold; beyond it the least recently used is evicted
     * @param maxEntries events or distinct values one correlation rule may hold across all its windows; beyond it the least recently used windows are evicted
     * @param sweepInterval how often the sweeper drops expired windows (and decides windows with an upper bound)
     */
    public record Correlation(@Min(1) @DefaultValue("10000") int maxKeys,
            @Min(1) @DefaultValue("100000") long maxEntries,
            @NotNull @DefaultValue("5s") Duration sweepInterval) {
        public Correlation {
            atLeastOne(maxKeys, "correlation.max-keys");
            atLeastOne(maxEntries, "correlation.max-entries");
            positive(sweepInterval, "correlation.sweep-interval");
        }
    }

    /**
     * @param queueCapacity actions waiting for an executor; when full, an alert's action is counted undelivered (matching never waits)
     * @param threads action executor threads (virtual threads: webhooks wait on the network)
     * @param webhookTimeout connect and request timeout of a webhook unless its rule gives one
     * @param breaker the circuit breaker kept per webhook target (scheme, host, port)
     */
    public record Actions(@Min(1) @DefaultValue("1000") int queueCapacity, @Min(1) @DefaultValue("4") int threads,
            @NotNull @DefaultValue("2s") Duration webhookTimeout, @Valid @NotNull @DefaultValue Breaker breaker) {
        public Actions {
            atLeastOne(queueCapacity, "actions.queue-capacity");
            atLeastOne(threads, "actions.threads");
            positive(webhookTimeout, "actions.webhook-timeout");
            Objects.requireNonNull(breaker, "keel.detect.actions.breaker");
        }
    }

    /**
     * Resilience4j circuit breaker settings, one breaker per webhook target.
     *
     * @param failureRateThreshold percentage of failed calls (of the last {@code slidingWindowSize}) that opens the breaker
     * @param slidingWindowSize calls the failure rate is computed over
     * @param minimumCalls calls needed before the failure rate counts
     * @param openDuration how long an open breaker rejects calls before letting trial calls through
     * @param halfOpenCalls trial calls in the half-open state that decide between closing and opening again
     * @param idleTimeout a target's breaker unused this long is removed by the cleanup loop
     * @param cleanupInterval how often the cleanup loop looks for idle breakers
     */
    public record Breaker(
            @DecimalMin("1") @DecimalMax("100") @DefaultValue("50") float failureRateThreshold,
            @Min(1) @DefaultValue("10") int slidingWindowSize,
            @Min(1) @DefaultValue("5") int minimumCalls,
            @NotNull @DefaultValue("30s") Duration openDuration,
            @Min(1) @DefaultValue("2") int halfOpenCalls,
            @NotNull @DefaultValue("10m") Duration idleTimeout,
            @NotNull @DefaultValue("1m") Duration cleanupInterval) {
        public Breaker {
            if (!(failureRateThreshold >= 1 && failureRateThreshold <= 100)) {
                throw new IllegalArgumentException("keel.detect.actions.breaker.failure-rate-threshold must be in 1..100, was "
                        + failureRateThreshold);
            }
            atLeastOne(slidingWindowSize, "actions.breaker.sliding-window-size");
            atLeastOne(minimumCalls, "actions.breaker.minimum-calls");
            positive(openDuration, "actions.breaker.open-duration");
            atLeastOne(halfOpenCalls, "actions.breaker.half-open-calls");
            positive(idleTimeout, "actions.breaker.idle-timeout");
            positive(cleanupInterval, "actions.breaker.cleanup-interval");
        }
    }

    /** Every value at its default: binds an empty source, so the {@code @DefaultValue}s are the one source of truth. */
    public static DetectProperties defaults() {
        return new Binder(new MapConfigurationPropertySource()).bindOrCreate("keel.detect", DetectProperties.class);
    }

    private static void atLeastOne(long value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException("keel.detect." + name + " must be >= 1, was " + value);
        }
    }

    private static void positive(Duration value, String name) {
        Objects.requireNonNull(value, "keel.detect." + name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("keel.detect." + name + " must be positive, was " + value);
        }
    }
}
