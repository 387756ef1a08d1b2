package dev.keel.storage.writer;

import dev.keel.storage.backend.BackendException;
import dev.keel.storage.codec.RowCodec;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the rows of one batch until each is stored or dead-lettered, or gives up and leaves the
 * rest to the caller (who spools them, or keeps them in their spool segment). The rules:
 * <ul>
 *   <li>TRANSIENT (unreachable) and BUSY failures are retried with capped exponential backoff and
 *       jitter, for at most {@code give-up-after} per batch; once the sink has been down, or the
 *       write gate shut, that long, batches are not even attempted. Once the stop has begun (or
 *       the writer is cancelled), nothing is retried.
 *   <li>INVALID_ROWS: rows the client found invalid are all set aside at once and the rest sent
 *       again as one slice; a row the database named is set aside and the rest sent again as one
 *       slice; otherwise the slice is halved until the bad rows stand alone. Rows set aside become
 *       dead letters, all of a batch in one insert, once the rest is stored.
 *   <li>UNKNOWN (the database answered with an error nobody classified): retried
 *       {@value #UNKNOWN_RETRIES} times, then the rows are suspected and isolated like invalid ones.
 *   <li>REJECTED (no such table, no permission): give up at once.
 *   <li>If the first rows that fail alone (or first in their slice) fail with the same error code
 *       before any row of the batch was stored ({@link SameFailures}), the fault is the table's (a
 *       column altered under us), not the rows': give up instead of dead-lettering the whole
 *       stream row by row.
 * </ul>
 * A replay ({@link Mode#REPLAY}) gives up at the first failure and says why, so that the replayer
 * can count a segment that fails while the database answers; such a segment is then replayed in
 * {@link Mode#ISOLATE}, where every failure the database answers isolates rows.
 *
 * @param <T> the row type
 */
public final class RowDelivery<T> {

    /** Unknown errors in a row before the rows are suspected. */
    static final int UNKNOWN_RETRIES = 3;

    private static final Logger log = LoggerFactory.getLogger(RowDelivery.class);

    /** Inserts rows all-or-nothing. */
    @FunctionalInterface
    public interface Inserter<T> {
        void insert(List<T> rows) throws BackendException;
    }

    /** Asks the database whether it answers at all (a cheap query with a short timeout). */
    @FunctionalInterface
    public interface Probe {
        void ping() throws BackendException;
    }

    /** Where resolved rows are counted. */
    public interface Outcomes {
        void stored(int rows);

        void deadLettered(int rows);

        void lost(int rows);
    }

    /** Who is delivering. */
    public enum Mode {
        /** A writer's batch: retries until give-up-after; a runtime exception (a bug) goes to the pool's rescue. */
        INTAKE,
        /** A spool chunk: the first failure ends the attempt (the replayer comes back); a runtime exception is suspect. */
        REPLAY,
        /** A spool chunk that kept failing while the database answered: every such failure isolates rows. */
        ISOLATE
    }

    /** How a delivery ended. */
    public enum Result {
        /** Every row is stored or dead-lettered. */
        DELIVERED,
        /** The database is unreachable or busy, or the stop has begun: try again later. */
        GAVE_UP,
        /** The database refuses the write as a whole (or rows failed alike): try again once it is fixed. */
        REFUSED,
        /** The rows fail while the database answers: count it against them. */
        SUSPECT
    }

    private final String worker;
    private final RowCodec<T> codec;
    private final Inserter<T> inserter;
    private final Probe probe;
    private final DeadLetterWriter deadLetters;
    private final SinkHealth health;
    private final IntakePacing pacing;
    private final Backoff backoff;

    public RowDelivery(String worker, RowCodec<T> codec, Inserter<T> inserter, Probe probe,
            DeadLetterWriter deadLetters, SinkHealth health, StopNotice stop, WriteGate gate, Backoff backoff,
            Duration giveUpAfter) {
        this.worker = worker;
        this.codec = codec;
        this.inserter = inserter;
        this.probe = probe;
        this.deadLetters = deadLetters;
        this.health = health;
        this.pacing = new IntakePacing(gate, health, stop, giveUpAfter);
        this.backoff = backoff;
    }

    public RowCodec<T> codec() {
        return codec;
    }

    /**
     * Delivers {@code pending} until every row is stored or dead-lettered, or gives up with the
     * unresolved rows (rejected ones included) still in it. An interrupt (cancellation at the stop
     * deadline) is a give-up, and the thread's interrupt flag is left set.
     */
    public Result deliver(PendingRows<T> pending, Mode mode, Outcomes outcomes) {
        Result result = new Attempt(pending, mode, outcomes).run();
        if (result == Result.DELIVERED) {
            List<PendingRows.Rejected<T>> rejected = pending.rejected();
            if (!rejected.isEmpty()) {
                if (deadLetters.write(codec, rejected)) {
                    outcomes.deadLettered(rejected.size());
                } else {
                    outcomes.lost(rejected.size());
                }
                pending.rejectedResolved();
            }
        }
        return result;
    }

    /** One delivery's state. */
    private final class Attempt {
        private final PendingRows<T> pending;
        private final Mode mode;
        private final Outcomes outcomes;
        private final long started = System.nanoTime();
        /** Failures in a row, for the backoff. */
        private int failures;
        private int unknownInARow;
        /** Isolate on any failure the database answers: a replay in ISOLATE, or after repeated unknown errors. */
        private boolean suspected;
        private final SameFailures sameFailures;

        Attempt(PendingRows<T> pending, Mode mode, Outcomes outcomes) {
            this.pending = pending;
            this.mode = mode;
            this.outcomes = outcomes;
            this.suspected = mode == Mode.ISOLATE;
            this.sameFailures = new SameFailures(mode != Mode.ISOLATE);
        }

        Result run() {
            while (!pending.isEmpty()) {
                if (mode == Mode.INTAKE) {
                    IntakePacing.Hold hold = pacing.beforeAttempt();
                    if (hold == IntakePacing.Hold.GIVE_UP) {
                        return Result.GAVE_UP;
                    }
                    if (hold == IntakePacing.Hold.WAIT) {
                        if (!pacing.pause(backoff.delay(++failures))) {
                            return Result.GAVE_UP;
                        }
                        continue;
                    }
                }
                List<T> rows = pending.next();
                BackendException failure;
                try {
                    inserter.insert(rows);
                    stored(rows.size());
                    continue;
                } catch (BackendException e) {
                    failure = e;
                } catch (RuntimeException bug) {
                    if (mode == Mode.INTAKE) {
                        throw bug; // a writer bug: the pool's rescue spools what is unresolved
                    }
                    failure = new BackendException(BackendException.Kind.UNKNOWN, "insert of " + rows.size()
                            + " rows failed: " + bug, -1, bug.getClass().getName(), bug);
                }
                if (Thread.currentThread().isInterrupted()) {
                    return Result.GAVE_UP; // cancelled at the stop deadline: the failure is the cancel's, not the sink's
                }
                Result end = handle(rows, failure);
                if (end != null) {
                    return end;
                }
            }
            return Result.DELIVERED;
        }

        private void stored(int rows) {
            health.up();
            pending.resolved();
            outcomes.stored(rows);
            sameFailures.stored();
            failures = 0;
            unknownInARow = 0;
        }

        /** Acts on a failure of the front slice; null to go on with the next attempt. */
        private Result handle(List<T> rows, BackendException failure) {
            return switch (failure.kind()) {
                case INVALID_ROWS -> invalid(rows, failure);
                case REJECTED -> {
                    health.failed(failure.getMessage());
                    log.error("storage/{}: the database refuses {} rows ({}); not retried now", worker, pending.size(),
                            failure.getMessage());
                    yield Result.REFUSED;
                }
                case BUSY -> {
                    health.failed(failure.getMessage());
                    yield mode == Mode.INTAKE ? retry() : Result.GAVE_UP;
                }
                case TRANSIENT -> {
                    if (mode == Mode.INTAKE) {
                        health.down(failure.getMessage());
                        yield retry();
                    }
                    if (!answers()) {
                        health.down(failure.getMessage());
                        yield Result.GAVE_UP;
                    }
                    // The database answers, yet this insert failed: the rows are suspect.
                    yield mode == Mode.ISOLATE ? isolate(rows, failure) : Result.SUSPECT;
                }
                case UNKNOWN -> {
                    health.failed(failure.getMessage());
                    if (mode == Mode.REPLAY) {
                        yield Result.SUSPECT;
                    }
                    if (suspected || ++unknownInARow >= UNKNOWN_RETRIES) {
                        suspected = true;
                        yield isolate(rows, failure);
                    }
                    yield retry();
                }
            };
        }

        private Result retry() {
            if (!pacing.mayRetry(started)) {
                return Result.GAVE_UP;
            }
            return pacing.pause(backoff.delay(++failures)) ? null : Result.GAVE_UP;
        }

        private Result invalid(List<T> rows, BackendException failure) {
            if (!failure.invalidRows().isEmpty()) {
                pending.reject(failure.invalidRows().stream().map(BackendException.InvalidRow::index).toList(),
                        failure.invalidRows().stream().map(BackendException.InvalidRow::reason).toList());
                return null;
            }
            if (rows.size() == 1) {
                return alone(failure, 0);
            }
            if (failure.rowHint() >= 0 && failure.rowHint() < rows.size()) {
                return alone(failure, failure.rowHint()); // the database named it: drop it, send the rest as one slice
            }
            pending.split(-1);
            return null;
        }

        private Result isolate(List<T> rows, BackendException failure) {
            if (rows.size() == 1) {
                return alone(failure, 0);
            }
            pending.split(failure.rowHint());
            return null;
        }

        /**
         * The row at {@code position} of the front slice failed alone or was named: set it aside as
         * rejected. One failing first in its slice counts towards {@link SameFailures}: a table that
         * refuses every row fails them exactly that way, while bad rows amid good ones are named
         * further in.
         */
        private Result alone(BackendException failure, int position) {
            if (position == 0 && sameFailures.tableAtFault(failure.code())) {
                log.error("storage/{}: the first {} rows that failed alone all failed with the same error ({}) and "
                        + "nothing of the batch was stored: treating it as the table's fault, not the rows'; not "
                        + "dead-lettering the batch", worker, SameFailures.LIMIT, failure.getMessage());
                return mode == Mode.INTAKE ? Result.REFUSED : Result.SUSPECT;
            }
            pending.reject(List.of(position), List.of(failure.getMessage()));
            return null;
        }

        private boolean answers() {
            try {
                probe.ping();
                return true;
            } catch (BackendException | RuntimeException e) {
                return false;
            }
        }
    }
}
