package dev.keel.detect.handoff;

import dev.keel.lifecycle.Admission;
import java.time.Duration;
import java.util.List;

/**
 * Where items are handed: storage's sinks, or detect's own input queue. All-or-nothing, as the
 * sinks' contract says: ACCEPTED takes every item, FULL and CLOSED take none.
 */
@FunctionalInterface
public interface Target<T> {

    Admission offer(List<T> items, Duration maxWait) throws InterruptedException;
}
