package dev.keel.storage;

/**
 * The row counters of one table, read at one instant (under the ledger's lock), so that the
 * balance below holds on every snapshot, even under load.
 *
 * <p>Every row accepted by an offer is, at any instant, in exactly one place:
 * <pre>
 * accepted = stored + spooled + deadLettered + lost + queued + inFlight
 * </pre>
 * {@code replayed} and {@code replayDeadLettered} are not terms of that balance: a replayed row
 * was already counted once, as spooled, by the run that spooled it (this one or an earlier one).
 * The spool has its own balance over one run: rows found at start plus rows spooled equal rows
 * replayed plus rows replayed into dead letters plus {@code spoolDamaged} plus {@code spoolPending}.
 *
 * @param table {@code events} or {@code alerts}
 * @param accepted rows admitted by {@code offer} (ACCEPTED)
 * @param stored accepted rows written to the table
 * @param spooled accepted rows written to the local spool (fsynced) for replay
 * @param deadLettered accepted rows the database rejected as invalid, kept in {@code dead_letters}
 *     (or the local dead-letter file)
 * @param lost accepted rows that could be neither stored, spooled nor dead-lettered (a failing
 *     disk); should stay 0, each is logged
 * @param queued accepted rows waiting in the writer queue
 * @param inFlight accepted rows a writer has taken and not yet resolved
 * @param replayed spooled rows (of this run or an earlier one) written to the table by the replayer
 * @param replayDeadLettered spooled rows the database rejected when they were replayed
 * @param spoolPending rows in spool segments waiting for replay
 * @param spoolDamaged spooled rows that could not be read back (damaged records), or neither written nor
 *     dead-lettered when replayed; each is logged
 */
public record TableCounters(
        String table,
        long accepted,
        long stored,
        long spooled,
        long deadLettered,
        long lost,
        long queued,
        long inFlight,
        long replayed,
        long replayDeadLettered,
        long spoolPending,
        long spoolDamaged) {

    /** The right-hand side of the balance: where the accepted rows are now. */
    public long accountedFor() {
        return stored + spooled + deadLettered + lost + queued + inFlight;
    }

    /** True when {@code accepted} equals {@link #accountedFor()}: always, unless there is a bug. */
    public boolean balanced() {
        return accepted == accountedFor();
    }

    /** True when nothing is queued or in flight: every accepted row has reached its end. */
    public boolean settled() {
        return queued == 0 && inFlight == 0;
    }
}
