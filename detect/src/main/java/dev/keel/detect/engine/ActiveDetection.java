package dev.keel.detect.engine;

import dev.keel.detect.rule.DetectionRule;
import java.util.List;

/**
 * A detection rule of the active set: its health, whether it raises alerts of its own, and
 * the correlations that count its matches.
 */
public record ActiveDetection(DetectionRule rule, RuleHealth health, boolean alertsOnItsOwn,
        List<ActiveCorrelation> feeds) {

    public ActiveDetection {
        feeds = List.copyOf(feeds);
    }
}
