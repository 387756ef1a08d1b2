package dev.keel.detect.action;

import dev.keel.detect.rule.ActionSpec;
import dev.keel.storage.Alert;

/** One action to carry out for one alert: what the action queue holds. */
public record ActionTask(Alert alert, ActionSpec spec) {}
