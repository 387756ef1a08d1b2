package dev.keel.detect.metrics;

import dev.keel.detect.mapping.FieldMappings;
import dev.keel.detect.mapping.MappingStep;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The detect component's meters. Names and tags are part of the contract (documented in
 * {@code docs/detect.md}); every meter carries the tag {@code component}.
 */
public final class DetectMetrics {

    /** Counter: events evaluated and handed on to storage (or rescued). */
    public static final String EVENTS_PROCESSED = "keel.detect.events.processed";
    /** Counter: events that matched at least one rule. */
    public static final String EVENTS_MATCHED = "keel.detect.events.matched";
    /** Counter: alerts raised. Tags: kind (detection, correlation). */
    public static final String ALERTS_RAISED = "keel.detect.alerts.raised";
    /** Counter: times a rule threw on an event (recovered). Tags: rule (the rule id). */
    public static final String RULE_FAILURES = "keel.detect.rule.failures";
    /** Gauge: rules of the active set that are quarantined. */
    public static final String RULES_QUARANTINED = "keel.detect.rules.quarantined";
    /** Gauge: rules of the active set. Tags: kind (detection, correlation). */
    public static final String RULES_LOADED = "keel.detect.rules.loaded";
    /** Gauge: rule files or rules the last load rejected. */
    public static final String RULES_REJECTED = "keel.detect.rules.rejected";
    /** Counter: loads of the rules directory. Tags: outcome (success, failure: some file or rule rejected). */
    public static final String RULE_RELOADS = "keel.detect.rules.reloads";
    /** Timer: how long a load of the rules directory took (read, compile, link, swap in), each outcome. */
    public static final String RULE_LOAD_TIME = "keel.detect.rules.load.time";
    /** Gauge: correlation windows held (group-by keys, all correlation rules). */
    public static final String CORRELATION_KEYS = "keel.detect.correlation.keys";
    /** Counter: windows evicted because a rule reached keel.detect.correlation.max-keys. */
    public static final String CORRELATION_EVICTIONS = "keel.detect.correlation.evictions";
    /** Counter: windows the sweeper dropped after their timespan. */
    public static final String CORRELATION_EXPIRED = "keel.detect.correlation.expired";
    /**
     * Counter: windows ended before they could decide (the stop, or their correlation left the
     * active set at a reload) while holding events short of the condition.
     */
    public static final String CORRELATION_DROPPED = "keel.detect.correlation.dropped";
    /** Counter: matches a correlation did not count because a group-by field was missing (or not a single value). */
    public static final String CORRELATION_UNGROUPED = "keel.detect.correlation.ungrouped";
    /** Counter: rule actions. Tags: type (log, webhook), outcome (delivered, failed, undelivered). */
    public static final String ACTIONS = "keel.detect.actions";
    /** Counter: hand-offs to storage answered FULL, each followed by a wait. Tags: sink (events, alerts). */
    public static final String SINK_FULL = "keel.detect.sink.full";
    /** Counter: items that could not be handed to storage. Tags: item (events, alerts), outcome (spooled, lost). */
    public static final String RESCUED = "keel.detect.rescued";
    /** Counter: spooled items handed on at a later start. Tags: item (events, alerts). */
    public static final String REPLAYED = "keel.detect.replayed";
    /** Counter: events a field mapping step applied to. Tags: step ({@code mapping/step}). */
    public static final String MAPPING_APPLIED = "keel.detect.mapping.applied";
    /** Counter: events a field mapping step threw on (they went on as the step before left them). Tags: step. */
    public static final String MAPPING_FAILURES = "keel.detect.mapping.failures";
    /** Prefix of the circuit breaker meters (resilience4j-micrometer), tag {@code name} = webhook target. */
    public static final String BREAKER_PREFIX = "keel.detect.breaker";

    private final MeterRegistry meters;
    private final String component;
    private final Counter processed;
    private final Counter matched;
    private final Counter detectionAlerts;
    private final Counter correlationAlerts;
    private final Counter evictions;
    private final Counter expired;
    private final Counter dropped;
    private final Counter ungrouped;
    private final Counter reloadSuccess;
    private final Counter reloadFailure;
    private final Timer loadTime;

    public DetectMetrics(MeterRegistry meters, String component) {
        this.meters = meters;
        this.component = component;
        this.processed = counter(EVENTS_PROCESSED, "Events evaluated and handed on");
        this.matched = counter(EVENTS_MATCHED, "Events that matched at least one rule");
        this.detectionAlerts = counter(ALERTS_RAISED, "Alerts raised", "kind", "detection");
        this.correlationAlerts = counter(ALERTS_RAISED, "Alerts raised", "kind", "correlation");
        this.evictions = counter(CORRELATION_EVICTIONS, "Correlation windows evicted at max-keys");
        this.expired = counter(CORRELATION_EXPIRED, "Correlation windows dropped after their timespan");
        this.dropped = counter(CORRELATION_DROPPED, "Correlation windows ended undecided at a stop or reload");
        this.ungrouped = counter(CORRELATION_UNGROUPED, "Matches not counted: a group-by field was missing");
        this.reloadSuccess = counter(RULE_RELOADS, "Loads of the rules directory", "outcome", "success");
        this.reloadFailure = counter(RULE_RELOADS, "Loads of the rules directory", "outcome", "failure");
        this.loadTime = Timer.builder(RULE_LOAD_TIME).tag("component", component)
                .description("Time to read, compile and swap in the rules directory").register(meters);
    }

    /** Registers the gauges that read the component's current state through {@code state}. */
    public <T> void gauge(String name, String description, Supplier<T> state, ToDoubleFunction<T> value,
            String... tags) {
        Gauge.builder(name, state, s -> value.applyAsDouble(s.get()))
                .tag("component", component).tags(tags).description(description)
                .strongReference(true).register(meters);
    }

    /** Registers each step's applied and failure counters. */
    public void mappings(FieldMappings mappings) {
        for (MappingStep step : mappings.steps()) {
            FunctionCounter.builder(MAPPING_APPLIED, step, MappingStep::applied).tag("component", component)
                    .tag("step", step.name()).description("Events a field mapping step applied to").register(meters);
            FunctionCounter.builder(MAPPING_FAILURES, step, MappingStep::failures).tag("component", component)
                    .tag("step", step.name()).description("Events a field mapping step failed on").register(meters);
        }
    }

    public void processed(int events) {
        processed.increment(events);
    }

    public void matched() {
        matched.increment();
    }

    public void alert(boolean correlation) {
        (correlation ? correlationAlerts : detectionAlerts).increment();
    }

    public void ruleFailure(String ruleId) {
        meters.counter(RULE_FAILURES, "component", component, "rule", ruleId).increment();
    }

    /** Removes the failure counter of a rule that left the active set, so meters follow the rules. */
    public void forgetRule(String ruleId) {
        Counter failures = meters.find(RULE_FAILURES).tags("component", component, "rule", ruleId).counter();
        if (failures != null) {
            meters.remove(failures);
        }
    }

    public void eviction() {
        evictions.increment();
    }

    public void expired(long windows) {
        expired.increment(windows);
    }

    public void dropped(long windows) {
        dropped.increment(windows);
    }

    public void ungrouped() {
        ungrouped.increment();
    }

    public void reload(boolean clean, long nanos) {
        (clean ? reloadSuccess : reloadFailure).increment();
        loadTime.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void action(String type, String outcome) {
        meters.counter(ACTIONS, "component", component, "type", type, "outcome", outcome).increment();
    }

    public void sinkFull(String sink) {
        meters.counter(SINK_FULL, "component", component, "sink", sink).increment();
    }

    public void rescued(String item, String outcome, int count) {
        meters.counter(RESCUED, "component", component, "item", item, "outcome", outcome).increment(count);
    }

    public void replayed(String item, int count) {
        meters.counter(REPLAYED, "component", component, "item", item).increment(count);
    }

    private Counter counter(String name, String description, String... tags) {
        return Counter.builder(name).tag("component", component).tags(tags).description(description).register(meters);
    }
}
