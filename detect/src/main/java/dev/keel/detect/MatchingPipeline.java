package dev.keel.detect;

import dev.keel.detect.action.ActionDispatcher;
import dev.keel.detect.engine.ActiveRules;
import dev.keel.detect.engine.MatchEngine;
import dev.keel.detect.engine.RaisedAlert;
import dev.keel.detect.metrics.DetectMetrics;
import dev.keel.detect.spool.SpoolKind;
import dev.keel.storage.Alert;
import dev.keel.storage.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a matcher does with a batch: evaluate every event against the active rules, queue the
 * actions of the alerts raised (never waiting), then hand the events and the alerts to storage.
 * The sweeper's closing windows go the same way.
 */
final class MatchingPipeline {

    private static final Logger log = LoggerFactory.getLogger(MatchingPipeline.class);

    private final String component;
    private final MatchEngine engine;
    private final Supplier<ActiveRules> rules;
    private final StorageHandoff handoff;
    private final DetectMetrics metrics;

    MatchingPipeline(String component, MatchEngine engine, Supplier<ActiveRules> rules, StorageHandoff handoff,
            DetectMetrics metrics) {
        this.component = component;
        this.engine = engine;
        this.rules = rules;
        this.handoff = handoff;
        this.metrics = metrics;
    }

    void match(List<Event> batch, ActionDispatcher actions) {
        ActiveRules active = rules.get();
        List<RaisedAlert> raised = new ArrayList<>();
        for (Event event : batch) {
            try {
                engine.evaluate(event, active, raised::add);
            } catch (RuntimeException unexpected) {
                // Rules are isolated inside the engine; this is a bug of ours, and the event still goes on.
                log.error("{}/matcher: evaluating event {} failed; it goes to storage unmatched", component,
                        event.eventId(), unexpected);
            }
        }
        raised.forEach(actions::submit);
        handoff.events(batch);
        metrics.processed(batch.size());
        handoff.alerts(alerts(raised));
    }

    void sweep(ActionDispatcher actions) {
        List<RaisedAlert> raised = new ArrayList<>();
        engine.sweep(rules.get(), raised::add);
        if (!raised.isEmpty()) {
            raised.forEach(actions::submit);
            handoff.alerts(alerts(raised));
        }
    }

    /** The matcher pool's rescue: events accepted but never matched (left at the stop deadline). */
    void rescueUnmatched(List<Event> events, Throwable cause) {
        handoff.rescue(SpoolKind.UNMATCHED, events, cause);
    }

    private static List<Alert> alerts(List<RaisedAlert> raised) {
        List<Alert> alerts = new ArrayList<>(raised.size());
        raised.forEach(r -> alerts.add(r.alert()));
        return alerts;
    }
}
