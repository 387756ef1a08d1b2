package dev.keel.detect.engine;

import dev.keel.detect.correlation.CorrelationWindows;
import dev.keel.detect.rule.CorrelationRule;

/**
 * A correlation rule of the active set with its windows and its health.
 *
 * @param alertsOnItsOwn false when only other correlations count its alerts (chaining) and none says {@code generate}
 */
public record ActiveCorrelation(CorrelationRule rule, CorrelationWindows windows, RuleHealth health,
        boolean alertsOnItsOwn) {}
