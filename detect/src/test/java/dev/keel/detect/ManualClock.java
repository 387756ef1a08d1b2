package dev.keel.detect;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** Epoch milliseconds that move only when a test says so: window expiry, breaker open duration, idleness. */
public final class ManualClock {

    private final AtomicLong millis = new AtomicLong(System.currentTimeMillis());

    public long millis() {
        return millis.get();
    }

    public void advance(Duration by) {
        millis.addAndGet(by.toMillis());
    }
}
