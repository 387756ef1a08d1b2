package dev.keel.storage.writer;

import dev.keel.storage.TableCounters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashSet;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Publishes a table's ledger as {@code keel.storage.*} meters that balance on every scrape.
 *
 * <p>A registry reads meters one at a time; read straight from the ledger, a scrape under load
 * would mix instants and appear not to balance. So the meters read a shared snapshot, and a
 * meter read a second time takes a new one: within one scrape (each meter read once) every value
 * comes from the same instant.
 */
public final class LedgerMeters {

    /** Meter names; tag {@code table} is {@code events} or {@code alerts}. */
    public static final String ACCEPTED = "keel.storage.accepted";
    public static final String STORED = "keel.storage.stored";
    public static final String SPOOLED = "keel.storage.spooled";
    public static final String DEAD_LETTERED = "keel.storage.dead_lettered";
    public static final String LOST = "keel.storage.lost";
    public static final String QUEUED = "keel.storage.queued";
    public static final String IN_FLIGHT = "keel.storage.in_flight";
    public static final String REPLAYED = "keel.storage.replayed";
    public static final String REPLAY_DEAD_LETTERED = "keel.storage.replay.dead_lettered";
    public static final String SPOOL_PENDING = "keel.storage.spool.pending";
    public static final String SPOOL_DAMAGED = "keel.storage.spool.damaged";

    private final TableLedger ledger;
    /** Guarded by {@code this}. */
    private TableCounters snapshot;
    /** Guarded by {@code this}: the meters that already read {@link #snapshot}. */
    private final Set<String> readers = new HashSet<>();

    private LedgerMeters(TableLedger ledger) {
        this.ledger = ledger;
    }

    /**
     * Registers the meters of {@code ledger}. Micrometer holds function counters weakly: keep the
     * returned view referenced for as long as the meters should report.
     */
    public static LedgerMeters register(TableLedger ledger, MeterRegistry meters) {
        LedgerMeters view = new LedgerMeters(ledger);
        view.counter(meters, ACCEPTED, "Rows admitted by offers", TableCounters::accepted);
        view.counter(meters, STORED, "Accepted rows written to the table", TableCounters::stored);
        view.counter(meters, SPOOLED, "Accepted rows spooled to local disk for replay", TableCounters::spooled);
        view.counter(meters, DEAD_LETTERED, "Accepted rows rejected as invalid and kept as dead letters",
                TableCounters::deadLettered);
        view.counter(meters, LOST, "Accepted rows that could be neither stored, spooled nor dead-lettered",
                TableCounters::lost);
        view.gauge(meters, QUEUED, "Accepted rows waiting in the writer queue", TableCounters::queued);
        view.gauge(meters, IN_FLIGHT, "Accepted rows being written", TableCounters::inFlight);
        view.counter(meters, REPLAYED, "Spooled rows written by the replayer", TableCounters::replayed);
        view.counter(meters, REPLAY_DEAD_LETTERED, "Spooled rows rejected as invalid when replayed",
                TableCounters::replayDeadLettered);
        view.gauge(meters, SPOOL_PENDING, "Rows in spool files waiting for replay", TableCounters::spoolPending);
        view.counter(meters, SPOOL_DAMAGED, "Spooled rows that could not be read back or kept when replayed",
                TableCounters::spoolDamaged);
        return view;
    }

    private synchronized TableCounters read(String meter) {
        if (snapshot == null || !readers.add(meter)) {
            snapshot = ledger.snapshot();
            readers.clear();
            readers.add(meter);
        }
        return snapshot;
    }

    private void counter(MeterRegistry meters, String name, String description, ToDoubleFunction<TableCounters> value) {
        FunctionCounter.builder(name, this, view -> value.applyAsDouble(view.read(name)))
                .tag("table", ledger.table()).description(description).baseUnit("rows").register(meters);
    }

    private void gauge(MeterRegistry meters, String name, String description, ToDoubleFunction<TableCounters> value) {
        Gauge.builder(name, this, view -> value.applyAsDouble(view.read(name)))
                .tag("table", ledger.table()).description(description).baseUnit("rows").strongReference(true)
                .register(meters);
    }
}
