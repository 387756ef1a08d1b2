package dev.keel.storage.writer;

import dev.keel.storage.backend.DeadLetter;
import dev.keel.storage.spool.Spool;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays one table's spool, oldest segment first, in chunks of up to {@code max-batch-size}
 * rows, or what the backend inserts at once if that is less (so a segment spooled from one batch goes back as one insert, the same rows as the insert
 * that failed). After each chunk the segment's progress is recorded, so a crash does not write a
 * chunk twice; a segment is deleted once every row is stored or dead-lettered; if the sink fails
 * part-way through a chunk, the segment is replaced by one holding only the rows still to write.
 *
 * <p>A segment does not block the rest of the spool:
 * <ul>
 *   <li>the database unreachable (or busy): the pass ends; the replayer comes back;
 *   <li>the database refusing the table (REJECTED): the pass over this table ends; the segments
 *       stay until it accepts them (new rows are refused and spooled behind them meanwhile);
 *   <li>the segment failing while the database answers (an unknown error, a timeout although
 *       the database answers a ping, an encoding bug): it is quarantined, counted, and the pass
 *       goes on with the next segment. After {@value #ISOLATE_AFTER} such failures it is replayed
 *       in isolation: split until the failing rows stand alone, which become dead letters.
 * </ul>
 * The write gate opens once no segment of the start-up backlog is left but quarantined ones (or
 * ones the database refuses).
 *
 * @param <T> the row type
 */
public final class TableReplay<T> {

    /** Failures of a segment while the database answers before it is replayed in isolation. */
    static final int ISOLATE_AFTER = 3;

    private static final Logger log = LoggerFactory.getLogger(TableReplay.class);

    private final Spool<T> spool;
    private final RowDelivery<T> delivery;
    private final DeadLetterWriter deadLetters;
    private final TableLedger ledger;
    private final int chunk;
    /** The newest segment that existed at start: the backlog that must be replayed before new rows are written. */
    private final String backlogCutoff;
    /** Failures of a segment (by key) while the database answered; the replayer's thread only. */
    private final Map<String, Integer> suspectFailures = new HashMap<>();

    public TableReplay(Spool<T> spool, RowDelivery<T> delivery, DeadLetterWriter deadLetters, TableLedger ledger,
            int chunk) throws IOException {
        this.spool = spool;
        this.delivery = delivery;
        this.deadLetters = deadLetters;
        this.ledger = ledger;
        this.chunk = chunk;
        List<Spool.Segment> existing = spool.segments();
        this.backlogCutoff = existing.isEmpty() ? null : existing.getLast().name();
        long rows = existing.stream().mapToLong(Spool.Segment::rows).sum();
        ledger.spoolFound(rows);
        if (!existing.isEmpty()) {
            log.info("storage: {} rows of {} in {} spool segments from an earlier run; replaying them before new rows",
                    rows, delivery.codec().table(), existing.size());
        }
    }

    /** True if the spool held nothing when this generation started. */
    public boolean noBacklog() {
        return backlogCutoff == null;
    }

    public Spool<T> spool() {
        return spool;
    }

    /**
     * Replays segments until none is left, the sink fails or {@code stop} says so.
     *
     * @return true if nothing of the start-up backlog is left but quarantined segments, or ones the
     *     database refuses: new rows may be written
     */
    public boolean replay(BooleanSupplier stop) {
        try {
            boolean refused = false;
            for (Spool.Segment segment : spool.segments()) {
                if (stop.getAsBoolean()) {
                    return false;
                }
                RowDelivery.Result result = replay(segment);
                if (result == RowDelivery.Result.GAVE_UP) {
                    return false;
                }
                if (result == RowDelivery.Result.REFUSED) {
                    refused = true; // the others would be refused alike
                    break;
                }
            }
            return refused || backlogSettled();
        } catch (IOException | RuntimeException e) {
            log.error("storage: replay of the {} spool in {} failed; will try again", delivery.codec().table(),
                    spool.directory(), e);
            return false;
        }
    }

    private boolean backlogSettled() throws IOException {
        return backlogCutoff == null || spool.segments().stream()
                .filter(segment -> segment.name().compareTo(backlogCutoff) <= 0)
                .allMatch(segment -> suspectFailures.containsKey(segment.key()));
    }

    private RowDelivery.Result replay(Spool.Segment segment) throws IOException {
        Spool.Contents<T> contents = spool.read(segment);
        Tally tally = new Tally();
        tally.damaged = contents.damaged();
        keepUndecodable(segment, contents, tally);
        boolean isolate = suspectFailures.getOrDefault(segment.key(), 0) >= ISOLATE_AFTER;
        RowDelivery.Mode mode = isolate ? RowDelivery.Mode.ISOLATE : RowDelivery.Mode.REPLAY;
        if (isolate) {
            log.warn("storage: spool segment {} failed {} times while the database answered; replaying it row by row "
                    + "where it fails, dead-lettering rows that fail alone", segment.name(), ISOLATE_AFTER);
        }
        List<T> rows = contents.rows();
        for (int from = 0; from < rows.size(); from += chunk) {
            int to = Math.min(rows.size(), from + chunk);
            PendingRows<T> pending = new PendingRows<>(rows.subList(from, to));
            RowDelivery.Result result = delivery.deliver(pending, mode, tally);
            if (result != RowDelivery.Result.DELIVERED) {
                List<T> remaining = new ArrayList<>(pending.unresolved());
                remaining.addAll(rows.subList(to, rows.size()));
                if (remaining.size() < rows.size() || !contents.undecodable().isEmpty() || contents.damaged() > 0) {
                    spool.replace(segment, remaining); // keep only what is left; untouched, it stays as it is
                }
                tally.flushTo(ledger);
                if (result == RowDelivery.Result.SUSPECT) {
                    int failures = suspectFailures.merge(segment.key(), 1, Integer::sum);
                    log.warn("storage: spool segment {} failed while the database answers ({} of {} before it is "
                            + "isolated); going on with the next segment", segment.name(), failures, ISOLATE_AFTER);
                }
                return result;
            }
            tally.flushTo(ledger);
            if (to < rows.size()) {
                spool.markDone(segment, contents.skipped() + to);
            }
        }
        tally.flushTo(ledger);
        spool.delete(segment);
        suspectFailures.remove(segment.key());
        log.info("storage: replayed spool segment {}: {} rows written, {} dead-lettered", segment.name(),
                tally.totalStored, tally.totalDeadLettered);
        return RowDelivery.Result.DELIVERED;
    }

    /** Records that could not be decoded are kept as dead letters, all in one insert. */
    private void keepUndecodable(Spool.Segment segment, Spool.Contents<T> contents, Tally tally) {
        if (contents.undecodable().isEmpty()) {
            return;
        }
        long now = System.currentTimeMillis();
        List<DeadLetter> letters = contents.undecodable().stream().map(record -> new DeadLetter(now,
                delivery.codec().table(), "unknown", "spool record of " + segment.name() + " cannot be decoded",
                record)).toList();
        if (deadLetters.write(letters)) {
            tally.deadLettered(letters.size());
        } else {
            tally.lost(letters.size());
        }
    }

    /** Counts one segment's outcomes, handed to the ledger chunk by chunk. */
    private static final class Tally implements RowDelivery.Outcomes {
        int stored;
        int deadLettered;
        int lost;
        int damaged;
        int totalStored;
        int totalDeadLettered;

        @Override
        public void stored(int rows) {
            stored += rows;
            totalStored += rows;
        }

        @Override
        public void deadLettered(int rows) {
            deadLettered += rows;
            totalDeadLettered += rows;
        }

        @Override
        public void lost(int rows) {
            lost += rows;
        }

        /** Rows that could be neither written nor kept as dead letters leave the spool as damaged (logged). */
        void flushTo(TableLedger ledger) {
            ledger.replayed(stored, deadLettered, lost + damaged);
            stored = 0;
            deadLettered = 0;
            lost = 0;
            damaged = 0;
        }
    }
}
