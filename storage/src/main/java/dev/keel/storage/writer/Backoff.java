package dev.keel.storage.writer;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Capped exponential backoff with "equal jitter": the n-th delay is half fixed, half random, so
 * that writers retrying together spread out.
 *
 * @param initial the step after the first failure
 * @param max the cap
 */
public record Backoff(Duration initial, Duration max) {

    /** The delay before attempt {@code failures + 1}, for {@code failures >= 1}. */
    public Duration delay(int failures) {
        long step = initial.toNanos();
        for (int i = 1; i < failures && step < max.toNanos(); i++) {
            step *= 2;
        }
        step = Math.min(step, max.toNanos());
        return Duration.ofNanos(step / 2 + ThreadLocalRandom.current().nextLong(step / 2 + 1));
    }
}
