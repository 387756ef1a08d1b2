package dev.keel.detect.action;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides which of many similar log lines to write: the first per key, then one per period,
 * carrying the count of those skipped. Everything is still counted in meters; this only keeps
 * a storm of failures from flooding the log.
 */
final class RateLimitedLog {

    private record Slot(AtomicLong lastNanos, AtomicLong skipped) {}

    private final long periodNanos;
    private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();

    RateLimitedLog(Duration period) {
        this.periodNanos = period.toNanos();
    }

    /** -1 to skip this line; otherwise how many lines for the key were skipped since the last one written. */
    long permit(String key) {
        long now = System.nanoTime();
        Slot slot = slots.computeIfAbsent(key, k -> new Slot(new AtomicLong(now - periodNanos), new AtomicLong()));
        long last = slot.lastNanos().get();
        if (now - last >= periodNanos && slot.lastNanos().compareAndSet(last, now)) {
            return slot.skipped().getAndSet(0);
        }
        slot.skipped().incrementAndGet();
        return -1;
    }

    /** Forgets a key (its target was removed), so the map stays as small as the live targets. */
    void forget(String key) {
        slots.remove(key);
    }
}
