package dev.keel.storage.writer;

import java.time.Duration;

/**
 * When an intake writer may try the database, and how it waits between tries: it waits for the
 * write gate, skips a sink that has been down (or a gate shut) longer than {@code give-up-after},
 * stops retrying once the stop has begun, and sleeps so that the stop wakes it.
 */
final class IntakePacing {

    /** What to do before an attempt. */
    enum Hold { GO, WAIT, GIVE_UP }

    private final WriteGate gate;
    private final SinkHealth health;
    private final StopNotice stop;
    private final Duration giveUpAfter;

    IntakePacing(WriteGate gate, SinkHealth health, StopNotice stop, Duration giveUpAfter) {
        this.gate = gate;
        this.health = health;
        this.stop = stop;
        this.giveUpAfter = giveUpAfter;
    }

    /** Before an attempt: one clock for the gate and one for the sink, not one per batch. */
    Hold beforeAttempt() {
        if (Thread.currentThread().isInterrupted()) {
            return Hold.GIVE_UP;
        }
        if (!gate.isOpen()) {
            return stop.isStopping() || gate.closedFor().compareTo(giveUpAfter) >= 0 ? Hold.GIVE_UP : Hold.WAIT;
        }
        if (!health.isUp() && (stop.isStopping() || health.downFor().compareTo(giveUpAfter) >= 0)) {
            return Hold.GIVE_UP;
        }
        return Hold.GO;
    }

    /** After a failure of a batch started at {@code started} (nanoTime): may it be tried again? */
    boolean mayRetry(long started) {
        return !stop.isStopping() && !Thread.currentThread().isInterrupted()
                && System.nanoTime() - started < giveUpAfter.toNanos();
    }

    /** Sleeps between attempts, waking when the stop begins; false if interrupted. */
    boolean pause(Duration delay) {
        try {
            stop.awaitStopping(delay);
            return true;
        } catch (InterruptedException cancelled) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
