package dev.keel.detect.rule;

import java.util.Locale;

/** Sigma's rule levels; a rule without one is {@link #MEDIUM}. */
public enum Level {
    INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL;

    /** The lower-case name used in rules and alerts. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Level parse(Object value, String where) throws RuleException {
        if (value == null) {
            return MEDIUM;
        }
        try {
            return valueOf(String.valueOf(value).trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new RuleException(where + ": unsupported level '" + value
                    + "' (informational, low, medium, high, critical)");
        }
    }
}
