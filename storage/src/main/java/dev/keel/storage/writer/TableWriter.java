package dev.keel.storage.writer;

import dev.keel.storage.spool.Spool;
import java.io.IOException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batch handler and the rescue of one table's writer pool. Every batch a writer takes ends
 * fully accounted for: stored, dead-lettered, spooled, or (only if the disk fails too) lost.
 *
 * <p>A batch whose handler throws (a bug, an unexpected runtime error) reaches {@link #rescue}
 * before the worker is restarted; the rows of it not yet resolved are spooled, so they are
 * neither lost nor written twice, and the replayer writes them soon after.
 *
 * @param <T> the row type
 */
public final class TableWriter<T> {

    private static final Logger log = LoggerFactory.getLogger(TableWriter.class);

    private final String worker;
    private final TableLedger ledger;
    private final RowDelivery<T> delivery;
    private final Spool<T> spool;
    private final DeadLetterWriter deadLetters;
    private final RowDelivery.Outcomes counted;
    /** Batches being written, by identity: the rescue of a failed batch spools only what is unresolved. */
    private final Map<List<T>, PendingRows<T>> inProgress = Collections.synchronizedMap(new IdentityHashMap<>());

    public TableWriter(String worker, TableLedger ledger, RowDelivery<T> delivery, Spool<T> spool,
            DeadLetterWriter deadLetters) {
        this.worker = worker;
        this.ledger = ledger;
        this.delivery = delivery;
        this.spool = spool;
        this.deadLetters = deadLetters;
        this.counted = new RowDelivery.Outcomes() {
            @Override
            public void stored(int rows) {
                ledger.stored(rows);
            }

            @Override
            public void deadLettered(int rows) {
                ledger.deadLettered(rows);
            }

            @Override
            public void lost(int rows) {
                ledger.lost(rows);
            }
        };
    }

    /** The pool's batch handler. */
    public void write(List<T> batch) {
        ledger.taken(batch.size());
        PendingRows<T> pending = new PendingRows<>(batch);
        inProgress.put(batch, pending);
        if (!delivery.deliver(pending, RowDelivery.Mode.INTAKE, counted)) {
            spool(pending.unresolved(), "the sink did not take them");
        }
        inProgress.remove(batch);
    }

    /**
     * The pool's rescue: a batch whose handler threw (its unresolved rows, in flight), or rows
     * still queued at the stop deadline (still counted as queued).
     */
    public void rescue(List<T> items, Throwable cause) {
        PendingRows<T> pending = inProgress.remove(items);
        if (pending != null) {
            spool(pending.unresolved(), "the writer failed: " + cause);
        } else {
            ledger.taken(items.size());
            spool(items, "still queued at the stop deadline");
        }
    }

    private void spool(List<T> rows, String why) {
        if (rows.isEmpty()) {
            return;
        }
        try {
            List<T> unencodable = spool.append(rows);
            ledger.spooled(rows.size() - unencodable.size());
            log.warn("storage/{}: spooled {} rows to {} ({})", worker, rows.size() - unencodable.size(),
                    spool.directory(), why);
            for (T row : unencodable) {
                if (deadLetters.write(delivery.codec(), row, "cannot be encoded as JSON")) {
                    ledger.deadLettered(1);
                } else {
                    ledger.lost(1);
                }
            }
        } catch (IOException | RuntimeException e) {
            ledger.lost(rows.size());
            log.error("storage/{}: {} rows are LOST: they could not be written ({}) nor spooled to {}", worker,
                    rows.size(), why, spool.directory(), e);
        }
    }
}
