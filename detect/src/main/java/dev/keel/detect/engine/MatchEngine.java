package dev.keel.detect.engine;

import dev.keel.detect.correlation.CorrelationHit;
import dev.keel.detect.correlation.CorrelationWindows;
import dev.keel.detect.correlation.GroupKey;
import dev.keel.detect.mapping.FieldMappings;
import dev.keel.detect.mapping.MappingStep;
import dev.keel.detect.metrics.DetectMetrics;
import dev.keel.detect.metrics.LogThrottle;
import dev.keel.detect.rule.CorrelationRule;
import dev.keel.detect.rule.DetectionRule;
import dev.keel.detect.rule.EventView;
import dev.keel.detect.rule.LogSource;
import dev.keel.storage.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates events against the active rules. Isolation is the point: whatever one rule throws
 * on one event (anything but a {@link VirtualMachineError} other than a stack overflow) is caught
 * here, counted for that rule (and may quarantine it), and the event goes on through the other
 * rules. Nothing a rule does can keep an event from its caller.
 * Stateless apart from the windows and health inside {@link ActiveRules}; safe from many threads.
 */
public final class MatchEngine {

    private static final Logger log = LoggerFactory.getLogger(MatchEngine.class);

    private final String component;
    private final DetectMetrics metrics;
    private final LongSupplier clock;
    private final FieldMappings mappings;
    private final LogThrottle mappingFailureLog = new LogThrottle(Duration.ofSeconds(10));

    /**
     * @param clock epoch milliseconds: alert timestamps and window expiry
     * @param mappings applied to each event before the rules see it
     */
    public MatchEngine(String component, DetectMetrics metrics, LongSupplier clock, FieldMappings mappings) {
        this.component = component;
        this.metrics = metrics;
        this.clock = clock;
        this.mappings = mappings;
    }

    /**
     * True for what a rule (or the code around it) may throw and matching survives: everything
     * but a {@link VirtualMachineError}, except a {@link StackOverflowError}, which deep regex
     * backtracking on a long value causes and which has unwound by the time it is caught.
     */
    public static boolean survivable(Throwable failure) {
        return !(failure instanceof VirtualMachineError) || failure instanceof StackOverflowError;
    }

    /** Evaluates one event; alerts raised go to {@code raised}, on the caller's thread. */
    public void evaluate(Event event, ActiveRules rules, Consumer<RaisedAlert> raised) {
        Event mapped = mapped(event);
        EventView view = rules.rules().view(mapped);
        boolean matched = false;
        List<ActiveCorrelation> counted = null;
        for (ActiveDetection detection : rules.candidatesFor(view, LogSource.of(mapped))) {
            RuleHealth health = detection.health();
            if (health.quarantined()) {
                continue;
            }
            boolean hit;
            try {
                hit = detection.rule().matches(view);
            } catch (Throwable failure) {
                rethrowIfFatal(failure);
                failed(health, event, failure);
                continue;
            }
            if (!hit) {
                continue;
            }
            matched = true;
            if (detection.alertsOnItsOwn()) {
                metrics.alert(false);
                raised.accept(new RaisedAlert(AlertFactory.of(detection.rule(), mapped, clock.getAsLong()),
                        detection.rule().actions()));
            }
            for (ActiveCorrelation correlation : detection.feeds()) {
                // An event counts once per counting correlation, however many of its sources it
                // matches; for the temporal types each source it matches is a step of its own.
                if (!correlation.rule().type().countsRules()) {
                    if (counted == null) {
                        counted = new ArrayList<>(2);
                    } else if (containsSame(counted, correlation)) {
                        continue;
                    }
                    counted.add(correlation);
                }
                count(rules, correlation, detection.rule(), view, raised);
            }
        }
        if (matched) {
            metrics.matched();
        }
    }

    /**
     * The event as the rules see it: after every mapping step. A step that throws leaves the
     * event as the step before had it, and is counted and logged; the event goes on.
     */
    private Event mapped(Event event) {
        Event mapped = event;
        for (MappingStep step : mappings.steps()) {
            try {
                mapped = step.apply(mapped);
            } catch (Throwable failure) {
                rethrowIfFatal(failure);
                step.failed();
                long heldBack = mappingFailureLog.permit();
                if (heldBack >= 0) {
                    log.warn("{}/matcher: field mapping step '{}' failed on event {}; the event goes on as the step "
                            + "before left it (counted in keel.detect.mapping.failures){}", component, step.name(),
                            event.eventId(), LogThrottle.heldBack(heldBack), failure);
                }
            }
        }
        return mapped;
    }

    private void count(ActiveRules rules, ActiveCorrelation correlation, DetectionRule source, EventView view,
            Consumer<RaisedAlert> raised) {
        RuleHealth health = correlation.health();
        if (health.quarantined()) {
            return;
        }
        CorrelationRule rule = correlation.rule();
        Event event = view.event();
        List<CorrelationHit> hits;
        try {
            List<String> values = new ArrayList<>(rule.groupBy().size());
            List<String> names = new ArrayList<>(rule.groupBy().size());
            for (int i = 0; i < rule.groupBy().size(); i++) {
                String text = view.text(rule.groupField(i, source)); // an alias reads this source's own field
                if (text == null) {
                    metrics.ungrouped(); // as Sigma backends drop null groups, rather than pool them under ""
                    return;
                }
                names.add(rule.groupBy().get(i).name());
                values.add(text);
            }
            String value = rule.valueField() == null ? null : view.text(rule.valueField());
            hits = correlation.windows().add(new GroupKey(names, values), rule.sourceIds().indexOf(source.id()),
                    eventTime(event), event.eventId(), value, clock.getAsLong());
        } catch (Throwable failure) {
            rethrowIfFatal(failure);
            failed(health, event, failure);
            return;
        }
        hits.forEach(hit -> emit(rules, correlation, hit, raised));
    }

    /**
     * A correlation's hit: its alert, unless only other correlations count it, and a step in each
     * correlation that counts it (chaining).
     */
    private void emit(ActiveRules rules, ActiveCorrelation correlation, CorrelationHit hit,
            Consumer<RaisedAlert> raised) {
        if (correlation.alertsOnItsOwn()) {
            raise(correlation.rule(), hit, raised);
        }
        for (ActiveCorrelation next : rules.fedBy(correlation.rule())) {
            if (!next.health().quarantined()) {
                step(rules, correlation, next, hit, raised);
            }
        }
    }

    /**
     * Counts a hit of {@code from} in {@code next}: keyed by next's group-by fields, read from the
     * hit's group (an alias may name the field), timed by the processing clock (when the hit
     * happened), and counting the hit's newest event.
     */
    private void step(ActiveRules rules, ActiveCorrelation from, ActiveCorrelation next, CorrelationHit hit,
            Consumer<RaisedAlert> raised) {
        CorrelationRule rule = next.rule();
        List<String> names = new ArrayList<>(rule.groupBy().size());
        List<String> values = new ArrayList<>(rule.groupBy().size());
        for (int i = 0; i < rule.groupBy().size(); i++) {
            int at = hit.key().fields().indexOf(rule.groupField(i, from.rule()).name());
            if (at < 0) {
                metrics.ungrouped(); // the hit's group has no such field
                return;
            }
            names.add(rule.groupBy().get(i).name());
            values.add(hit.key().values().get(at));
        }
        String newest = hit.eventIds().isEmpty() ? "" : hit.eventIds().getLast();
        long now = clock.getAsLong();
        next.windows().add(new GroupKey(names, values), rule.sourceIds().indexOf(from.rule().id()), now, newest,
                null, now).forEach(chained -> emit(rules, next, chained, raised));
    }

    /**
     * When the event happened, for window membership: its timestamp, but never later than when
     * Keel received it, so one event stamped in the future cannot push a window's time ahead and
     * blind it to every real event that follows.
     */
    static long eventTime(Event event) {
        return Math.min(event.timestamp(), event.receivedAt());
    }

    /**
     * Ends expired windows of every correlation rule, and all windows of correlations that left
     * the active set at a reload; alerts of windows decided as they end go to {@code raised}.
     */
    public void sweep(ActiveRules rules, Consumer<RaisedAlert> raised) {
        long now = clock.getAsLong();
        for (ActiveCorrelation correlation : rules.correlations()) {
            CorrelationWindows windows = correlation.windows();
            long before = windows.expirations();
            List<CorrelationHit> due = windows.sweep(now);
            metrics.expired(windows.expirations() - before);
            if (!correlation.health().quarantined()) {
                due.forEach(hit -> emit(rules, correlation, hit, raised));
            }
        }
        closeAll(rules.retired(), raised);
    }

    /**
     * Ends every window now (the stop's final sweep): what is decided is raised, the rest counted
     * dropped. Correlations end sources first, so a chained one still counts what they decide.
     */
    public void closeAll(ActiveRules rules, Consumer<RaisedAlert> raised) {
        closeAll(rules.retired(), raised);
        for (ActiveCorrelation correlation : rules.correlations()) {
            CorrelationWindows ending = correlation.windows();
            long before = ending.dropped();
            List<CorrelationHit> due = ending.closeAll();
            metrics.dropped(ending.dropped() - before);
            due.forEach(hit -> emit(rules, correlation, hit, raised));
        }
    }

    private void closeAll(List<CorrelationWindows> windows, Consumer<RaisedAlert> raised) {
        for (CorrelationWindows ending : windows) {
            long before = ending.dropped();
            List<CorrelationHit> due = ending.closeAll();
            metrics.dropped(ending.dropped() - before);
            due.forEach(hit -> raise(ending.rule(), hit, raised));
        }
    }

    private void raise(CorrelationRule rule, CorrelationHit hit, Consumer<RaisedAlert> raised) {
        metrics.alert(true);
        raised.accept(new RaisedAlert(AlertFactory.of(rule, hit, clock.getAsLong()), rule.actions()));
    }

    private static boolean containsSame(List<ActiveCorrelation> list, ActiveCorrelation item) {
        for (ActiveCorrelation each : list) {
            if (each == item) {
                return true;
            }
        }
        return false;
    }

    private static void rethrowIfFatal(Throwable failure) {
        if (!survivable(failure)) {
            throw (VirtualMachineError) failure;
        }
    }

    private void failed(RuleHealth health, Event event, Throwable failure) {
        metrics.ruleFailure(health.ruleId());
        boolean quarantined = health.failed(failure, System.nanoTime());
        if (quarantined) {
            log.warn("{}/matcher: rule '{}' ({}) quarantined after {} failures; it is skipped until the next "
                    + "rules reload. Last failure on event {}: {}", component, health.title(), health.ruleId(),
                    health.failures(), event.eventId(), failure.toString());
            return;
        }
        long unlogged = health.logPermit();
        if (unlogged < 0) {
            return;
        }
        if (health.failures() == 1) {
            log.warn("{}/matcher: rule '{}' ({}) failed on event {}; the event goes on to the other rules and "
                    + "to storage", component, health.title(), health.ruleId(), event.eventId(), failure);
        } else {
            log.warn("{}/matcher: rule '{}' ({}) failed {} more times, last on event {}: {}", component,
                    health.title(), health.ruleId(), unlogged + 1, event.eventId(), failure.toString());
        }
    }
}
