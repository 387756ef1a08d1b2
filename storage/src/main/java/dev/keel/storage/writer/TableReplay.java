package dev.keel.storage.writer;

import dev.keel.storage.backend.DeadLetter;
import dev.keel.storage.spool.Spool;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays one table's spool, oldest segment first, in chunks of the batch size. A segment is
 * deleted once every row is stored or dead-lettered; if the sink fails part-way, the segment is
 * replaced by one holding only the rows still to write, so no row is written twice by us (and
 * a crash between the two steps leaves duplicates the table collapses).
 *
 * @param <T> the row type
 */
public final class TableReplay<T> {

    private static final Logger log = LoggerFactory.getLogger(TableReplay.class);

    private final Spool<T> spool;
    private final RowDelivery<T> delivery;
    private final DeadLetterWriter deadLetters;
    private final TableLedger ledger;
    private final int chunk;
    /** The newest segment that existed at start: the backlog that must be replayed before new rows are written. */
    private final String backlogCutoff;

    public TableReplay(Spool<T> spool, RowDelivery<T> delivery, DeadLetterWriter deadLetters, TableLedger ledger,
            int chunk) throws IOException {
        this.spool = spool;
        this.delivery = delivery;
        this.deadLetters = deadLetters;
        this.ledger = ledger;
        this.chunk = chunk;
        List<Spool.Segment> existing = spool.segments();
        this.backlogCutoff = existing.isEmpty() ? null : existing.getLast().name();
        ledger.spoolFound(existing.stream().mapToLong(Spool.Segment::rows).sum());
        if (!existing.isEmpty()) {
            log.info("storage: {} rows of {} in {} spool segments from an earlier run; replaying them before new rows",
                    existing.stream().mapToLong(Spool.Segment::rows).sum(), delivery.codec().table(), existing.size());
        }
    }

    /** True if the spool held nothing when this generation started. */
    public boolean noBacklog() {
        return backlogCutoff == null;
    }

    /**
     * Replays segments until none is left, the sink fails or {@code stop} says so.
     *
     * @return true if no segment of the start-up backlog is left
     */
    public boolean replay(BooleanSupplier stop) {
        try {
            for (Spool.Segment segment : spool.segments()) {
                if (stop.getAsBoolean() || !replay(segment)) {
                    break;
                }
            }
            return backlogCutoff == null
                    || spool.segments().stream().noneMatch(s -> s.name().compareTo(backlogCutoff) <= 0);
        } catch (IOException | RuntimeException e) {
            log.error("storage: replay of the {} spool in {} failed; will try again", delivery.codec().table(),
                    spool.directory(), e);
            return false;
        }
    }

    private boolean replay(Spool.Segment segment) throws IOException {
        Spool.Contents<T> contents = spool.read(segment);
        Tally tally = new Tally();
        for (String record : contents.undecodable()) {
            boolean kept = deadLetters.write(new DeadLetter(System.currentTimeMillis(), delivery.codec().table(),
                    "unknown", "spool record " + segment.name() + " cannot be decoded", record));
            if (kept) {
                tally.deadLettered(1);
            } else {
                tally.lost(1);
            }
        }
        List<T> rows = contents.rows();
        for (int from = 0; from < rows.size(); from += chunk) {
            PendingRows<T> pending = new PendingRows<>(rows.subList(from, Math.min(rows.size(), from + chunk)));
            if (!delivery.deliver(pending, RowDelivery.Mode.REPLAY, tally)) {
                List<T> remaining = new ArrayList<>(pending.unresolved());
                remaining.addAll(rows.subList(Math.min(rows.size(), from + chunk), rows.size()));
                boolean progressed = remaining.size() < rows.size() || !contents.undecodable().isEmpty()
                        || contents.damaged() > 0;
                if (progressed) {
                    spool.replace(segment, remaining); // keep only what is left; untouched, it stays as it is
                }
                ledger.replayed(tally.stored, tally.deadLettered, contents.damaged() + tally.lost);
                return false;
            }
        }
        spool.delete(segment);
        ledger.replayed(tally.stored, tally.deadLettered, contents.damaged() + tally.lost);
        log.info("storage: replayed spool segment {}: {} rows written, {} dead-lettered", segment.name(), tally.stored,
                tally.deadLettered);
        return true;
    }

    /** Counts one segment's outcomes. */
    private static final class Tally implements RowDelivery.Outcomes {
        int stored;
        int deadLettered;
        int lost;

        @Override
        public void stored(int rows) {
            stored += rows;
        }

        @Override
        public void deadLettered(int rows) {
            deadLettered += rows;
        }

        @Override
        public void lost(int rows) {
            lost += rows;
        }
    }
}
