package dev.keel.detect.engine;

import dev.keel.detect.correlation.CorrelationHit;
import dev.keel.detect.correlation.CorrelationWindows;
import dev.keel.detect.correlation.GroupKey;
import dev.keel.detect.metrics.DetectMetrics;
import dev.keel.detect.rule.CorrelationRule;
import dev.keel.detect.rule.EventView;
import dev.keel.detect.rule.FieldRef;
import dev.keel.storage.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates events against the active rules. Isolation is the point: whatever one rule throws
 * on one event is caught here, counted for that rule (and may quarantine it), and the event goes
 * on through the other rules. Nothing a rule does can keep an event from its caller.
 * Stateless apart from the windows and health inside {@link ActiveRules}; safe from many threads.
 */
public final class MatchEngine {

    private static final Logger log = LoggerFactory.getLogger(MatchEngine.class);

    private final String component;
    private final DetectMetrics metrics;
    private final LongSupplier clock;

    /** @param clock epoch milliseconds: alert timestamps and window expiry */
    public MatchEngine(String component, DetectMetrics metrics, LongSupplier clock) {
        this.component = component;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Evaluates one event; alerts raised go to {@code raised}, on the caller's thread. */
    public void evaluate(Event event, ActiveRules rules, Consumer<RaisedAlert> raised) {
        EventView view = rules.rules().view(event);
        boolean matched = false;
        for (ActiveDetection detection : rules.detections()) {
            RuleHealth health = detection.health();
            if (health.quarantined()) {
                continue;
            }
            boolean hit;
            try {
                hit = detection.rule().matches(view);
            } catch (RuntimeException | StackOverflowError failure) {
                // StackOverflowError: deep regex backtracking on a long value; the stack is unwound by now.
                failed(health, event, failure);
                continue;
            }
            if (!hit) {
                continue;
            }
            matched = true;
            if (detection.alertsOnItsOwn()) {
                metrics.alert(false);
                raised.accept(new RaisedAlert(AlertFactory.of(detection.rule(), event, clock.getAsLong()),
                        detection.rule().actions()));
            }
            for (ActiveCorrelation correlation : detection.feeds()) {
                count(correlation, view, raised);
            }
        }
        if (matched) {
            metrics.matched();
        }
    }

    private void count(ActiveCorrelation correlation, EventView view, Consumer<RaisedAlert> raised) {
        RuleHealth health = correlation.health();
        if (health.quarantined()) {
            return;
        }
        CorrelationRule rule = correlation.rule();
        CorrelationHit hit;
        try {
            List<String> values = new ArrayList<>(rule.groupBy().size());
            List<String> names = new ArrayList<>(rule.groupBy().size());
            for (FieldRef field : rule.groupBy()) {
                String text = view.text(field);
                names.add(field.name());
                values.add(text == null ? "" : text);
            }
            String value = rule.valueField() == null ? null : view.text(rule.valueField());
            Event event = view.event();
            hit = correlation.windows().add(new GroupKey(names, values), event.timestamp(), event.eventId(), value,
                    clock.getAsLong());
        } catch (RuntimeException | StackOverflowError failure) {
            failed(health, view.event(), failure);
            return;
        }
        if (hit != null) {
            raise(correlation, hit, raised);
        }
    }

    /** Ends expired windows of every correlation rule; alerts of closing windows go to {@code raised}. */
    public void sweep(ActiveRules rules, Consumer<RaisedAlert> raised) {
        long now = clock.getAsLong();
        for (ActiveCorrelation correlation : rules.correlations()) {
            CorrelationWindows windows = correlation.windows();
            long before = windows.expirations();
            List<CorrelationHit> due = windows.sweep(now);
            metrics.expired((int) (windows.expirations() - before));
            if (!correlation.health().quarantined()) {
                due.forEach(hit -> raise(correlation, hit, raised));
            }
        }
    }

    private void raise(ActiveCorrelation correlation, CorrelationHit hit, Consumer<RaisedAlert> raised) {
        metrics.alert(true);
        raised.accept(new RaisedAlert(AlertFactory.of(correlation.rule(), hit, clock.getAsLong()),
                correlation.rule().actions()));
    }

    private void failed(RuleHealth health, Event event, Throwable failure) {
        metrics.ruleFailure(health.ruleId());
        long now = System.nanoTime();
        boolean quarantined = health.failed(failure, now);
        if (quarantined) {
            log.warn("{}/matcher: rule '{}' ({}) quarantined after {} failures; it is skipped until the next "
                    + "rules reload. Last failure on event {}: {}", component, health.title(), health.ruleId(),
                    health.failures(), event.eventId(), failure.toString());
            return;
        }
        long unlogged = health.takeLogPermit(now);
        if (unlogged == 1 && health.failures() == 1) {
            log.warn("{}/matcher: rule '{}' ({}) failed on event {}; the event goes on to the other rules and "
                    + "to storage", component, health.title(), health.ruleId(), event.eventId(), failure);
        } else if (unlogged > 0) {
            log.warn("{}/matcher: rule '{}' ({}) failed {} more times, last on event {}: {}", component,
                    health.title(), health.ruleId(), unlogged, event.eventId(), failure.toString());
        }
    }
}
