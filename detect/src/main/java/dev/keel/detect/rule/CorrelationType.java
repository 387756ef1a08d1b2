package dev.keel.detect.rule;

/** The Sigma correlation types Keel evaluates. */
public enum CorrelationType {
    /** Counts matching events per group within the timespan. */
    EVENT_COUNT,
    /** Counts distinct values of {@code condition.field} per group within the timespan. */
    VALUE_COUNT
}
