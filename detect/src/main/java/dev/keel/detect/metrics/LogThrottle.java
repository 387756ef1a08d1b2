package dev.keel.detect.metrics;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps one kind of repeated log line from flooding the log: the first line goes through, then
 * at most one per period, and that one says how many were held back in between. What is held
 * back is still counted in meters; this only spares the log. Thread-safe, lock-free.
 */
public final class LogThrottle {

    private final long periodNanos;
    private final AtomicLong lastLine;
    private final AtomicLong heldBack = new AtomicLong();

    public LogThrottle(Duration period) {
        this.periodNanos = period.toNanos();
        this.lastLine = new AtomicLong(System.nanoTime() - periodNanos);
    }

    /** -1: do not write this line; otherwise write it, mentioning this many lines held back since the last one. */
    public long permit() {
        long now = System.nanoTime();
        long last = lastLine.get();
        if (now - last >= periodNanos && lastLine.compareAndSet(last, now)) {
            return heldBack.getAndSet(0);
        }
        heldBack.incrementAndGet();
        return -1;
    }

    /** {@code " (and n similar since the last such line)"}, or empty when {@code heldBack} is 0. */
    public static String heldBack(long heldBack) {
        return heldBack > 0 ? " (and " + heldBack + " similar since the last such line)" : "";
    }
}
