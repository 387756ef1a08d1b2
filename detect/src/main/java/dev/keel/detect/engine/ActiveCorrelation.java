package dev.keel.detect.engine;

import dev.keel.detect.correlation.CorrelationWindows;
import dev.keel.detect.rule.CorrelationRule;

/** A correlation rule of the active set with its windows and its health. */
public record ActiveCorrelation(CorrelationRule rule, CorrelationWindows windows, RuleHealth health) {}
