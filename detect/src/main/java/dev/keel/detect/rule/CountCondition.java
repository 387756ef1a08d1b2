package dev.keel.detect.rule;

import java.util.ArrayList;
import java.util.List;

/**
 * A correlation's {@code condition}: one or more of {@code gt}, {@code gte}, {@code lt},
 * {@code lte}, {@code eq}, all of which must hold (so {@code gt: 100, lte: 200} is a range).
 * Null bounds are absent.
 */
public record CountCondition(Long gt, Long gte, Long lt, Long lte, Long eq) {

    /** For an aggregate (a sum, a mean, a percentile), which may have a fraction. */
    public boolean test(double value) {
        return (gt == null || value > gt) && (gte == null || value >= gte) && (lt == null || value < lt)
                && (lte == null || value <= lte) && (eq == null || value == eq);
    }

    public boolean test(long count) {
        return (gt == null || count > gt) && (gte == null || count >= gte) && (lt == null || count < lt)
                && (lte == null || count <= lte) && (eq == null || count == eq);
    }

    /**
     * True when the count can rise past what is wanted ({@code lt}, {@code lte}, {@code eq}):
     * such a condition is decided when the window closes, not as events arrive.
     */
    public boolean hasUpperBound() {
        return lt != null || lte != null || eq != null;
    }

    /** The least count that satisfies the lower bounds (at least 1). */
    public long threshold() {
        long least = 1;
        if (gt != null) {
            least = Math.max(least, gt + 1);
        }
        if (gte != null) {
            least = Math.max(least, gte);
        }
        if (eq != null) {
            least = Math.max(least, eq);
        }
        return least;
    }

    /** The greatest count that can satisfy the upper bounds, or {@link Long#MAX_VALUE}. */
    public long ceiling() {
        long most = Long.MAX_VALUE;
        if (lt != null) {
            most = Math.min(most, lt - 1);
        }
        if (lte != null) {
            most = Math.min(most, lte);
        }
        if (eq != null) {
            most = Math.min(most, eq);
        }
        return most;
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        if (gt != null) {
            parts.add("> " + gt);
        }
        if (gte != null) {
            parts.add(">= " + gte);
        }
        if (lt != null) {
            parts.add("< " + lt);
        }
        if (lte != null) {
            parts.add("<= " + lte);
        }
        if (eq != null) {
            parts.add("== " + eq);
        }
        return String.join(" and ", parts);
    }
}
