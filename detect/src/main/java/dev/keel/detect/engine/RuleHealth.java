package dev.keel.detect.engine;

import dev.keel.detect.metrics.LogThrottle;
import java.time.Duration;
import java.time.Instant;

/**
 * How one rule of the active set is faring: its failures, and whether it is quarantined. A rule
 * that fails {@code threshold} times within {@code window} is quarantined: skipped until the
 * next reload builds fresh health for every rule. Thread-safe.
 */
public final class RuleHealth {

    private final String ruleId;
    private final String title;
    private final long windowNanos;
    /** The times of the last {@code threshold} failures, as a ring; guarded by {@code this}. */
    private final long[] recent;
    private int next;
    private long failures;
    private String lastError;
    private final LogThrottle failureLog = new LogThrottle(Duration.ofSeconds(10));
    private volatile Instant quarantinedAt;

    RuleHealth(String ruleId, String title, int threshold, Duration window) {
        this.ruleId = ruleId;
        this.title = title;
        this.windowNanos = window.toNanos();
        this.recent = new long[Math.max(1, threshold)];
    }

    public String ruleId() {
        return ruleId;
    }

    public String title() {
        return title;
    }

    public boolean quarantined() {
        return quarantinedAt != null;
    }

    public Instant quarantinedAt() {
        return quarantinedAt;
    }

    public synchronized long failures() {
        return failures;
    }

    public synchronized String lastError() {
        return lastError;
    }

    /** Records a failure; true when it is the one that quarantines the rule. */
    synchronized boolean failed(Throwable cause, long nowNanos) {
        failures++;
        lastError = cause.toString();
        recent[next] = nowNanos;
        next = (next + 1) % recent.length;
        boolean ringFull = failures >= recent.length;
        long oldest = recent[next];
        if (quarantinedAt == null && ringFull && nowNanos - oldest <= windowNanos) {
            quarantinedAt = Instant.now();
            return true;
        }
        return false;
    }

    /**
     * Whether to log this failure: the first, then at most one line every ten seconds per rule.
     * -1 for "do not log", otherwise how many failures went unlogged since the last line.
     */
    long logPermit() {
        return failureLog.permit();
    }
}
