package dev.keel.detect.rule;

/** The Sigma correlation types Keel evaluates. */
public enum CorrelationType {
    /** Counts matching events per group within the timespan. */
    EVENT_COUNT,
    /** Counts distinct values of {@code condition.field} per group within the timespan. */
    VALUE_COUNT,
    /** Counts the distinct source rules that matched per group within the timespan (all of them by default). */
    TEMPORAL,
    /** Like {@link #TEMPORAL}, and the source rules must have matched in the order listed. */
    TEMPORAL_ORDERED,
    /** The sum of the numeric values of {@code condition.field} per group within the timespan. */
    VALUE_SUM,
    /** Their mean. */
    VALUE_AVG,
    /** Their {@code condition.percentile}-th percentile (nearest rank). */
    VALUE_PERCENTILE,
    /** Their median. */
    VALUE_MEDIAN;

    /** Whether what counts is which source rules matched, rather than events or values. */
    public boolean countsRules() {
        return this == TEMPORAL || this == TEMPORAL_ORDERED;
    }

    /** Whether the condition applies to an aggregate of a numeric field rather than to a count. */
    public boolean aggregates() {
        return this == VALUE_SUM || this == VALUE_AVG || this == VALUE_PERCENTILE || this == VALUE_MEDIAN;
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
