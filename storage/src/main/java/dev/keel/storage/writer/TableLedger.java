package dev.keel.storage.writer;

import dev.keel.lifecycle.Admission;
import dev.keel.lifecycle.WorkQueue;
import dev.keel.storage.TableCounters;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Where every row of one table is, at every instant. Each move (offer admitted, batch taken, rows
 * stored / spooled / dead-lettered / lost) is one step under {@link #lock}, and a snapshot is
 * read under it too, so the balance {@code accepted = stored + spooled + deadLettered + lost +
 * queued + inFlight} holds on every snapshot.
 *
 * <p>Offers also go through the lock: the queue admits the batch and the ledger counts it in the
 * same step, so no reader ever sees a row that is queued but not yet accepted. Lives as long as
 * the component: counters carry on across restarts.
 */
public final class TableLedger {

    /** A waiting offer re-checks at least this often, whatever signals it misses. */
    private static final long MAX_WAIT_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final String table;
    /** Guards every counter below; {@link #room} is signalled when writers take rows. */
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition room = lock.newCondition();
    private long accepted;
    private long stored;
    private long spooled;
    private long deadLettered;
    private long lost;
    private long queued;
    private long inFlight;
    private long replayed;
    private long replayDeadLettered;
    private long spoolPending;
    private long spoolDamaged;

    public TableLedger(String table) {
        this.table = table;
    }

    public String table() {
        return table;
    }

    /** Offers without waiting; {@code queue} null means not running. */
    public <T> Admission offer(WorkQueue<T> queue, List<T> rows) {
        if (queue == null) {
            return Admission.CLOSED;
        }
        lock.lock();
        try {
            return admit(queue, rows);
        } finally {
            lock.unlock();
        }
    }

    /** Offers, waiting up to {@code maxWait} for room for all of {@code rows}. */
    public <T> Admission offer(WorkQueue<T> queue, List<T> rows, Duration maxWait) throws InterruptedException {
        if (queue == null) {
            return Admission.CLOSED;
        }
        long deadline = System.nanoTime() + Math.max(0, maxWait.toNanos());
        lock.lockInterruptibly();
        try {
            while (true) {
                Admission admission = admit(queue, rows);
                long remaining = deadline - System.nanoTime();
                if (admission != Admission.FULL || remaining <= 0 || rows.size() > queue.capacity()) {
                    return admission;
                }
                room.awaitNanos(Math.min(remaining, MAX_WAIT_SLICE_NANOS));
            }
        } finally {
            lock.unlock();
        }
    }

    private <T> Admission admit(WorkQueue<T> queue, List<T> rows) {
        if (rows.isEmpty()) {
            return queue.isClosed() ? Admission.CLOSED : Admission.ACCEPTED;
        }
        Admission admission = queue.offerAll(rows);
        if (admission == Admission.ACCEPTED) {
            accepted += rows.size();
            queued += rows.size();
        }
        return admission;
    }

    /** A writer took {@code rows} from the queue (or the stop drained them for the rescue). */
    public void taken(int rows) {
        lock.lock();
        try {
            queued -= rows;
            inFlight += rows;
            room.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Wakes waiting offers, so that they see a queue closed by the stop. */
    public void wakeOffers() {
        lock.lock();
        try {
            room.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public void stored(int rows) {
        resolve(rows, Outcome.STORED);
    }

    public void spooled(int rows) {
        resolve(rows, Outcome.SPOOLED);
    }

    public void deadLettered(int rows) {
        resolve(rows, Outcome.DEAD_LETTERED);
    }

    public void lost(int rows) {
        resolve(rows, Outcome.LOST);
    }

    private enum Outcome { STORED, SPOOLED, DEAD_LETTERED, LOST }

    private void resolve(int rows, Outcome outcome) {
        if (rows == 0) {
            return;
        }
        lock.lock();
        try {
            inFlight -= rows;
            switch (outcome) {
                case STORED -> stored += rows;
                case SPOOLED -> {
                    spooled += rows;
                    spoolPending += rows;
                }
                case DEAD_LETTERED -> deadLettered += rows;
                case LOST -> lost += rows;
            }
        } finally {
            lock.unlock();
        }
    }

    /** The spool was opened with {@code rows} waiting from earlier runs. */
    public void spoolFound(long rows) {
        lock.lock();
        try {
            spoolPending = rows;
        } finally {
            lock.unlock();
        }
    }

    /** The replayer wrote {@code written} spooled rows, dead-lettered {@code rejected} and found {@code damaged} unreadable. */
    public void replayed(int written, int rejected, int damaged) {
        lock.lock();
        try {
            replayed += written;
            replayDeadLettered += rejected;
            spoolDamaged += damaged;
            spoolPending -= written + rejected + damaged;
        } finally {
            lock.unlock();
        }
    }

    public TableCounters snapshot() {
        lock.lock();
        try {
            return new TableCounters(table, accepted, stored, spooled, deadLettered, lost, queued, inFlight, replayed,
                    replayDeadLettered, spoolPending, spoolDamaged);
        } finally {
            lock.unlock();
        }
    }
}
