package dev.keel.lifecycle;

import java.time.Duration;

/** A point on the monotonic clock that waits are bounded by. */
record Deadline(long nanos) {

    static Deadline after(Duration timeout) {
        return new Deadline(System.nanoTime() + timeout.toNanos());
    }

    Duration remaining() {
        return Duration.ofNanos(Math.max(0, nanos - System.nanoTime()));
    }

    boolean expired() {
        return nanos - System.nanoTime() <= 0;
    }

    /** The earlier of this deadline and one {@code timeout} from now. */
    Deadline atMost(Duration timeout) {
        long other = System.nanoTime() + timeout.toNanos();
        return other - nanos < 0 ? new Deadline(other) : this;
    }
}
