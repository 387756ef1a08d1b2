package dev.keel.detect;

import dev.keel.detect.action.ActionDispatcher;
import dev.keel.detect.engine.ActiveRules;
import dev.keel.detect.engine.MatchEngine;
import dev.keel.detect.engine.RaisedAlert;
import dev.keel.detect.handoff.SpoolKind;
import dev.keel.detect.handoff.StorageHandoff;
import dev.keel.detect.metrics.DetectMetrics;
import dev.keel.storage.Alert;
import dev.keel.storage.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a matcher does with a batch: evaluate every event against the active rules, queue the
 * actions of the alerts raised (never waiting), then hand the events and the alerts to storage.
 * The sweeper's and the stop's closing windows go the same way.
 */
final class MatchingPipeline {

    static final String MATCHER = "matcher";
    static final String FINAL_SWEEP = "correlation-final-sweep";

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
            } catch (Throwable unexpected) {
                // Rules are isolated inside the engine; this is a bug of ours. Caught per event, so
                // that one cannot send the whole batch, part of it already stored, to the rescue.
                if (!MatchEngine.survivable(unexpected)) {
                    throw (VirtualMachineError) unexpected;
                }
                log.error("{}/{}: evaluating event {} failed; it goes to storage unmatched", component, MATCHER,
                        event.eventId(), unexpected);
            }
        }
        submit(raised, actions, MATCHER);
        handoff.events(batch, MATCHER);
        metrics.processed(batch.size());
        handoff.alerts(alerts(raised), MATCHER, () -> false);
    }

    /** The sweeper's tick; while storage is full it gives up (spooling the alerts) once stop is requested. */
    void sweep(ActionDispatcher actions, String worker, BooleanSupplier stopping) {
        List<RaisedAlert> raised = new ArrayList<>();
        engine.sweep(rules.get(), raised::add);
        submit(raised, actions, worker);
        handoff.alerts(alerts(raised), worker, stopping);
    }

    /**
     * The stop's final sweep, once the matchers have drained and before the action executor
     * does: every window ends, what they decided is raised (its actions still go out), the rest
     * is counted dropped. Runs on the stopping thread, so storage gets one offer, then the spool.
     */
    void closeWindows(ActionDispatcher actions) {
        List<RaisedAlert> raised = new ArrayList<>();
        engine.closeAll(rules.get(), raised::add);
        submit(raised, actions, FINAL_SWEEP);
        handoff.alerts(alerts(raised), FINAL_SWEEP, () -> true);
    }

    /** The matcher pool's rescue: events accepted but never matched (left at the stop deadline). */
    void rescueUnmatched(List<Event> events, Throwable cause) {
        handoff.rescue(SpoolKind.UNMATCHED, events, cause, MATCHER);
    }

    private static void submit(List<RaisedAlert> raised, ActionDispatcher actions, String worker) {
        raised.forEach(r -> actions.submit(r.alert(), r.actions(), worker));
    }

    private static List<Alert> alerts(List<RaisedAlert> raised) {
        List<Alert> alerts = new ArrayList<>(raised.size());
        raised.forEach(r -> alerts.add(r.alert()));
        return alerts;
    }
}
