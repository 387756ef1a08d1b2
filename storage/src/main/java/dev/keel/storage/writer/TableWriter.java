package dev.keel.storage.writer;

import dev.keel.storage.spool.Spool;
import java.io.IOException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
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
 * <p>While the spool is over {@code spool.max-bytes}, a batch the sink will not take is held by
 * its writer, which tries the sink again now and then: the queue fills, and offers are refused
 * (FULL), so the disk does not fill up. Once the stop has begun it is spooled anyway: the rows
 * have nowhere else to go.
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
    private final StopNotice stop;
    private final Backoff backoff;
    private final RowDelivery.Outcomes counted;
    /** Batches being written, by identity: the rescue of a failed batch spools only what is unresolved. */
    private final Map<List<T>, PendingRows<T>> inProgress = Collections.synchronizedMap(new IdentityHashMap<>());

    public TableWriter(String worker, TableLedger ledger, RowDelivery<T> delivery, Spool<T> spool,
            DeadLetterWriter deadLetters, StopNotice stop, Backoff backoff) {
        this.worker = worker;
        this.ledger = ledger;
        this.delivery = delivery;
        this.spool = spool;
        this.deadLetters = deadLetters;
        this.stop = stop;
        this.backoff = backoff;
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
        RowDelivery.Result result = delivery.deliver(pending, RowDelivery.Mode.INTAKE, counted);
        for (int held = 1; result != RowDelivery.Result.DELIVERED && mustHold(); held++) {
            if (held == 1) {
                log.warn("storage/{}: the spool is full ({} of {} bytes); holding {} rows until the sink takes them or "
                        + "the replay frees room (offers are refused once the queue is full)", worker,
                        spool.space().used(), spool.space().maxBytes(), pending.size());
            }
            if (!pause(held)) {
                break;
            }
            result = delivery.deliver(pending, RowDelivery.Mode.INTAKE, counted);
        }
        List<T> left = pending.unresolved();
        // Forgotten before spooling: should spooling end in an Error after the rows are durable, the rescue must not spool them again.
        inProgress.remove(batch);
        spool(left, result == RowDelivery.Result.REFUSED ? "the database refuses them" : "the sink did not take them");
    }

    /**
     * The pool's rescue: a batch whose handler threw (its unresolved rows, in flight), or rows
     * still queued at the stop deadline (still counted as queued). Called concurrently.
     */
    public void rescue(List<T> items, Throwable cause) {
        PendingRows<T> pending = inProgress.remove(items);
        if (pending != null) {
            spool(pending.unresolved(), "the writer failed: " + cause);
        } else if (cause instanceof CancellationException) {
            ledger.taken(items.size());
            spool(items, "still queued at the stop deadline");
        } else {
            log.warn("storage/{}: the writer failed after its batch of {} rows was resolved ({}); nothing to rescue",
                    worker, items.size(), cause.toString());
        }
    }

    private boolean mustHold() {
        return spool.space().exhausted() && !stop.isStopping() && !Thread.currentThread().isInterrupted();
    }

    private boolean pause(int held) {
        try {
            return !stop.awaitStopping(backoff.delay(held));
        } catch (InterruptedException cancelled) {
            Thread.currentThread().interrupt();
            return false;
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
            if (!unencodable.isEmpty()) {
                List<PendingRows.Rejected<T>> rejected = unencodable.stream()
                        .map(row -> new PendingRows.Rejected<>(row, "cannot be encoded as JSON")).toList();
                if (deadLetters.write(delivery.codec(), rejected)) {
                    ledger.deadLettered(rejected.size());
                } else {
                    ledger.lost(rejected.size());
                }
            }
        } catch (IOException | RuntimeException e) {
            ledger.lost(rows.size());
            log.error("storage/{}: {} rows are LOST: they could not be written ({}) nor spooled to {}", worker,
                    rows.size(), why, spool.directory(), e);
        }
    }
}
