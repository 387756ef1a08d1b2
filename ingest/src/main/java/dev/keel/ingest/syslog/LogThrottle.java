package dev.keel.ingest.syslog;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** Lets a repeated log line through at most once per interval: a flood is counted in meters, not logged line by line. */
final class LogThrottle {

    private final long intervalNanos;
    private final AtomicLong last;

    LogThrottle(Duration interval) {
        this.intervalNanos = interval.toNanos();
        this.last = new AtomicLong(System.nanoTime() - intervalNanos);
    }

    /** True for at most one caller per interval. */
    boolean allow() {
        long now = System.nanoTime();
        long previous = last.get();
        return now - previous >= intervalNanos && last.compareAndSet(previous, now);
    }
}
