package dev.keel.storage.writer;

import dev.keel.storage.backend.BackendException;
import dev.keel.storage.codec.RowCodec;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the rows of one batch until each is stored or dead-lettered, or gives up and leaves the
 * rest to the caller (who spools them). The rules:
 * <ul>
 *   <li>TRANSIENT failures are retried with capped exponential backoff and jitter, for at most
 *       {@code give-up-after} per batch; once the sink has been down that long, batches are not
 *       even attempted. Once the stop has begun (or the writer is cancelled), nothing is retried.
 *   <li>INVALID_ROWS: the slice is split (at the row the database named, else in halves) until
 *       the bad rows stand alone; they go to dead letters and the rest is stored. So a bad row
 *       costs about log2(batch) extra inserts, and never a loop.
 *   <li>REJECTED (no such table, no permission): give up at once.
 * </ul>
 *
 * @param <T> the row type
 */
public final class RowDelivery<T> {

    private static final Logger log = LoggerFactory.getLogger(RowDelivery.class);

    /** Inserts rows all-or-nothing. */
    @FunctionalInterface
    public interface Inserter<T> {
        void insert(List<T> rows) throws BackendException;
    }

    /** Where resolved rows are counted. */
    public interface Outcomes {
        void stored(int rows);

        void deadLettered(int rows);

        void lost(int rows);
    }

    /** Intake writers retry; the replayer gives up at the first transient failure and comes back later. */
    public enum Mode { INTAKE, REPLAY }

    private final String worker;
    private final RowCodec<T> codec;
    private final Inserter<T> inserter;
    private final DeadLetterWriter deadLetters;
    private final SinkHealth health;
    private final StopClock stop;
    private final WriteGate gate;
    private final Backoff backoff;
    private final Duration giveUpAfter;

    public RowDelivery(String worker, RowCodec<T> codec, Inserter<T> inserter, DeadLetterWriter deadLetters,
            SinkHealth health, StopClock stop, WriteGate gate, Backoff backoff, Duration giveUpAfter) {
        this.worker = worker;
        this.codec = codec;
        this.inserter = inserter;
        this.deadLetters = deadLetters;
        this.health = health;
        this.stop = stop;
        this.gate = gate;
        this.backoff = backoff;
        this.giveUpAfter = giveUpAfter;
    }

    public RowCodec<T> codec() {
        return codec;
    }

    /**
     * Delivers {@code pending} until it is empty (true), or gives up (false) with the unresolved
     * rows still in it. An interrupt (cancellation at the stop deadline) is a give-up, and the
     * thread's interrupt flag is left set.
     */
    public boolean deliver(PendingRows<T> pending, Mode mode, Outcomes outcomes) {
        long started = System.nanoTime();
        int failures = 0;
        while (!pending.isEmpty()) {
            if (mode == Mode.INTAKE) {
                Hold hold = holdBack(started);
                if (hold == Hold.GIVE_UP) {
                    return false;
                }
                if (hold == Hold.WAIT) {
                    if (!pause(backoff.delay(++failures))) {
                        return false;
                    }
                    continue;
                }
            }
            List<T> rows = pending.next();
            try {
                inserter.insert(rows);
                health.up();
                failures = 0;
                pending.resolved();
                outcomes.stored(rows.size());
            } catch (BackendException failure) {
                switch (failure.kind()) {
                    case INVALID_ROWS -> isolate(pending, rows, failure, outcomes);
                    case REJECTED -> {
                        health.failed(failure.getMessage());
                        log.error("storage/{}: the database refuses {} rows ({}); spooling them, not retrying", worker,
                                pending.size(), failure.getMessage());
                        return false;
                    }
                    case TRANSIENT -> {
                        health.down(failure.getMessage());
                        if (mode == Mode.REPLAY || !mayRetry(started)) {
                            return false;
                        }
                        if (!pause(backoff.delay(++failures))) {
                            return false;
                        }
                    }
                }
            }
        }
        return true;
    }

    private void isolate(PendingRows<T> pending, List<T> rows, BackendException failure, Outcomes outcomes) {
        if (rows.size() > 1) {
            pending.split(failure.rowHint());
            return;
        }
        pending.resolved();
        if (deadLetters.write(codec, rows.getFirst(), failure.getMessage())) {
            outcomes.deadLettered(1);
        } else {
            outcomes.lost(1);
        }
    }

    private enum Hold { GO, WAIT, GIVE_UP }

    /** Before an intake attempt: wait for the gate, skip a sink that has been down too long, stop retrying when stopping. */
    private Hold holdBack(long started) {
        if (Thread.currentThread().isInterrupted()) {
            return Hold.GIVE_UP;
        }
        if (!gate.isOpen()) {
            return stop.isStopping() || elapsed(started) >= giveUpAfter.toNanos() ? Hold.GIVE_UP : Hold.WAIT;
        }
        if (!health.isUp() && (stop.isStopping() || health.downFor().compareTo(giveUpAfter) >= 0)) {
            return Hold.GIVE_UP;
        }
        return Hold.GO;
    }

    private boolean mayRetry(long started) {
        return !stop.isStopping() && !Thread.currentThread().isInterrupted()
                && elapsed(started) < giveUpAfter.toNanos();
    }

    /** Sleeps between attempts, waking when the stop begins; false if interrupted. */
    private boolean pause(Duration delay) {
        try {
            stop.awaitStopping(delay);
            return true;
        } catch (InterruptedException cancelled) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static long elapsed(long since) {
        return System.nanoTime() - since;
    }
}
