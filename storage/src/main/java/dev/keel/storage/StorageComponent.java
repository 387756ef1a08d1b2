package dev.keel.storage;

import dev.keel.lifecycle.Admission;
import dev.keel.lifecycle.Component;
import dev.keel.lifecycle.ComponentState;
import dev.keel.lifecycle.LifecycleEnvironment;
import dev.keel.lifecycle.WorkQueue;
import dev.keel.lifecycle.Workers;
import dev.keel.storage.backend.BackendException;
import dev.keel.storage.backend.BackendFactory;
import dev.keel.storage.backend.StorageBackend;
import dev.keel.storage.clickhouse.ClickHouseBackend;
import dev.keel.storage.embedded.DuckDbBackend;
import dev.keel.storage.spool.SpoolLock;
import dev.keel.storage.writer.LedgerMeters;
import dev.keel.storage.writer.SinkHealth;
import dev.keel.storage.writer.StopNotice;
import dev.keel.storage.writer.TableLedger;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Storage: the end of the data path. Takes events and alerts through {@link #events()} and
 * {@link #alerts()}, writes them in batches to ClickHouse or the embedded DuckDB file, and
 * accounts for every accepted row: stored, spooled to local disk for replay, or dead-lettered
 * with the reason the database gave ({@link #counters()}).
 *
 * <p>Workers (component {@code storage}): pools {@code event-writer} and {@code alert-writer}
 * (virtual threads, one queue each), and the {@code spool-replayer} loop. Storage starts first
 * and stops last; on stop the queues drain and flush, and whatever the database cannot take by
 * the stop timeout is spooled and replayed at the next start, before new rows are written.
 *
 * <p>Offers: ACCEPTED while running (also while stopping, until the writer queues close: a
 * component upstream that drains into storage during its own stop is still served), FULL when
 * the queue lacks room for the whole batch (nothing taken; a batch larger than
 * {@code queue-capacity} is always FULL), CLOSED when storage is not running (never started,
 * stopped, failed, or its queues already closed by the stop).
 */
public final class StorageComponent extends Component {

    /** The component's name, in meters and on the workers endpoint. */
    public static final String NAME = "storage";

    /** The most rows {@link #recentEvents} and {@link #recentAlerts} return. */
    public static final int MAX_READ_LIMIT = StorageBackend.MAX_READ_LIMIT;

    private static final Logger log = LoggerFactory.getLogger(StorageComponent.class);

    /** Backend connections beyond one per writer: the spool replayer's, and two for concurrent reads. */
    static final int CONNECTIONS_BESIDES_WRITERS = 3;

    private final StorageProperties properties;
    private final BackendFactory backends;
    private final TableLedger eventLedger = new TableLedger("events");
    private final TableLedger alertLedger = new TableLedger("alerts");
    /** Micrometer holds function counters weakly; these keep them reporting. */
    private final List<LedgerMeters> meters;
    private final EventSink eventSink = new EventSink() {
        @Override
        public Admission offer(List<Event> events) {
            return eventLedger.offer(eventQueue(), events);
        }

        @Override
        public Admission offer(List<Event> events, Duration maxWait) throws InterruptedException {
            return eventLedger.offer(eventQueue(), events, maxWait);
        }
    };
    private final AlertSink alertSink = new AlertSink() {
        @Override
        public Admission offer(List<Alert> alerts) {
            return alertLedger.offer(alertQueue(), alerts);
        }

        @Override
        public Admission offer(List<Alert> alerts, Duration maxWait) throws InterruptedException {
            return alertLedger.offer(alertQueue(), alerts, maxWait);
        }
    };
    private volatile StorageGeneration generation;

    /** Storage with the backend {@code properties} choose ({@code keel.storage.backend}). */
    public StorageComponent(StorageProperties properties, LifecycleEnvironment environment) {
        this(properties, environment, standardBackends());
    }

    /** Storage with a backend of the caller's making (tests wrap the real one to inject faults). */
    public StorageComponent(StorageProperties properties, LifecycleEnvironment environment, BackendFactory backends) {
        super(NAME, properties.stopTimeout(), environment);
        this.properties = properties;
        this.backends = Objects.requireNonNull(backends, "backends");
        this.meters = List.of(LedgerMeters.register(eventLedger, environment.meters()),
                LedgerMeters.register(alertLedger, environment.meters()));
        // Only to wake sleepers promptly: the writers read the state itself (see stopping()).
        addListener((component, from, to) -> {
            if (to == ComponentState.STOPPING || to == ComponentState.FAILED) {
                StorageGeneration current = generation;
                if (current != null) {
                    current.stop.signal();
                }
                eventLedger.wakeOffers();
                alertLedger.wakeOffers();
            }
        });
    }

    /** Where detect hands events: the {@code events} writer queue. */
    public EventSink events() {
        return eventSink;
    }

    /** Where detect hands alerts: the {@code alerts} writer queue. */
    public AlertSink alerts() {
        return alertSink;
    }

    public StorageProperties properties() {
        return properties;
    }

    /** Both tables' counters; each table's is one consistent snapshot that balances. */
    public StorageCounters counters() {
        return new StorageCounters(eventLedger.snapshot(), alertLedger.snapshot());
    }

    public StorageHealth health() {
        StorageGeneration current = generation;
        long pending = eventLedger.snapshot().spoolPending() + alertLedger.snapshot().spoolPending();
        if (current == null) {
            return new StorageHealth(state(), properties.backend().name().toLowerCase(), false, false, false, null, null,
                    pending);
        }
        SinkHealth.State sink = current.health.state();
        return new StorageHealth(state(), current.backend.description(), current.gate.isSchemaReady(),
                current.gate.isOpen(), sink.up(), sink.downSince(), sink.lastFailure(), pending);
    }

    /**
     * The most recent events, newest first, each event once.
     *
     * @param limit 1..{@link #MAX_READ_LIMIT}
     * @throws IllegalArgumentException if {@code limit} is out of range
     * @throws StorageUnavailableException if storage is not running or the database fails the read
     */
    public List<Event> recentEvents(int limit) {
        checkLimit(limit);
        StorageGeneration current = readable();
        try {
            return current.backend.recentEvents(limit);
        } catch (BackendException e) {
            throw new StorageUnavailableException("reading recent events failed: " + e.getMessage(), e);
        }
    }

    /** The most recent alerts, newest first, each alert once; same contract as {@link #recentEvents}. */
    public List<Alert> recentAlerts(int limit) {
        checkLimit(limit);
        StorageGeneration current = readable();
        try {
            return current.backend.recentAlerts(limit);
        } catch (BackendException e) {
            throw new StorageUnavailableException("reading recent alerts failed: " + e.getMessage(), e);
        }
    }

    /**
     * The stored events with these ids, newest first, each once; ids not stored are left out.
     *
     * @param ids 1..{@link #MAX_READ_LIMIT} distinct ids
     * @throws IllegalArgumentException if there are none or too many
     * @throws StorageUnavailableException if storage is not running or the database fails the read
     */
    public List<Event> eventsById(Collection<String> ids) {
        Set<String> distinct = new LinkedHashSet<>(ids);
        if (distinct.isEmpty() || distinct.size() > MAX_READ_LIMIT) {
            throw new IllegalArgumentException("ids must name 1.." + MAX_READ_LIMIT + " events, named "
                    + distinct.size());
        }
        StorageGeneration current = readable();
        try {
            return current.backend.eventsById(distinct);
        } catch (BackendException e) {
            throw new StorageUnavailableException("reading events by id failed: " + e.getMessage(), e);
        }
    }

    /**
     * Counters per table, backend, sink, schema and spool, for the workers endpoint and health
     * (snake_case keys; cheap, never blocks).
     */
    @Override
    protected Map<String, Object> details() {
        StorageGeneration current = generation;
        return StorageDetails.of(health(), eventLedger.snapshot(), alertLedger.snapshot(),
                table -> current == null ? 0 : current.badSpoolFiles(table));
    }

    @Override
    protected void startUp(Workers workers) throws Exception {
        StorageGeneration previous = generation;
        if (previous != null && !previous.release()) {
            throw new IllegalStateException(previous.stillRunning());
        }
        // Claimed first: a second user of the spool is refused before it touches the database.
        SpoolLock lock = SpoolLock.acquire(properties.spoolDirectory());
        StorageBackend backend = null;
        StorageGeneration next;
        try {
            backend = backends.create(properties,
                    properties.writers() + properties.alertWriters() + CONNECTIONS_BESIDES_WRITERS);
            next = new StorageGeneration(properties, lock, backend, new StopNotice(this::stopping));
        } catch (Exception | Error e) {
            if (backend != null) {
                backend.close();
            }
            lock.close();
            throw e;
        }
        generation = next;
        next.launch(workers, eventLedger, alertLedger);
    }

    /**
     * Quick: the backend was closed in its turn during the stop; this lets go of the spool. Rows
     * still held by writers that did not stop in time are said loudly: they are lost if the
     * process exits before those writers finish spooling them.
     */
    @Override
    protected void shutDown() {
        for (TableLedger ledger : List.of(eventLedger, alertLedger)) {
            TableCounters left = ledger.snapshot();
            if (left.queued() + left.inFlight() > 0) {
                log.error("storage: {} accepted rows of {} are neither stored nor spooled at the end of the stop "
                        + "(writers that did not stop in time hold them); they are LOST if the process exits before "
                        + "those writers spool them", left.queued() + left.inFlight(), ledger.table());
            }
        }
        StorageGeneration current = generation;
        if (current != null) {
            current.release();
        }
    }

    /** Whether the stop has begun, read from the state (a listener hears of it a moment later). */
    private boolean stopping() {
        ComponentState now = state();
        return now == ComponentState.STOPPING || now == ComponentState.FAILED || now == ComponentState.TERMINATED;
    }

    private StorageGeneration readable() {
        StorageGeneration current = generation;
        if (current == null || current.isClosed()) {
            throw new StorageUnavailableException("storage is not running (state " + state() + ")", null);
        }
        return current;
    }

    private static void checkLimit(int limit) {
        if (limit < 1 || limit > MAX_READ_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_READ_LIMIT + ", was " + limit);
        }
    }

    private WorkQueue<Event> eventQueue() {
        StorageGeneration current = generation;
        return current == null ? null : current.eventQueue();
    }

    private WorkQueue<Alert> alertQueue() {
        StorageGeneration current = generation;
        return current == null ? null : current.alertQueue();
    }

    /** The backends {@code keel.storage.backend} names: embedded DuckDB or ClickHouse. */
    public static BackendFactory standardBackends() {
        return StorageComponent::standardBackend;
    }

    private static StorageBackend standardBackend(StorageProperties properties, int connections) throws BackendException {
        return switch (properties.backend()) {
            case EMBEDDED -> new DuckDbBackend(properties.dataDir(), properties.database(), connections);
            case CLICKHOUSE -> new ClickHouseBackend(properties.clickhouse(), properties.database(), connections);
        };
    }
}
