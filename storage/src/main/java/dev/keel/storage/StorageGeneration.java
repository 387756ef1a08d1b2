package dev.keel.storage;

import dev.keel.lifecycle.RecoveryPolicy;
import dev.keel.lifecycle.WorkQueue;
import dev.keel.lifecycle.WorkerHandle;
import dev.keel.lifecycle.WorkerKind;
import dev.keel.lifecycle.Workers;
import dev.keel.storage.backend.BackendException;
import dev.keel.storage.backend.StorageBackend;
import dev.keel.storage.codec.AlertCodec;
import dev.keel.storage.codec.EventCodec;
import dev.keel.storage.codec.RowCodec;
import dev.keel.storage.spool.DeadLetterFile;
import dev.keel.storage.spool.Spool;
import dev.keel.storage.spool.SpoolLock;
import dev.keel.storage.spool.SpoolSpace;
import dev.keel.storage.writer.Backoff;
import dev.keel.storage.writer.DeadLetterWriter;
import dev.keel.storage.writer.RowDelivery;
import dev.keel.storage.writer.SinkHealth;
import dev.keel.storage.writer.SpoolReplayer;
import dev.keel.storage.writer.StopNotice;
import dev.keel.storage.writer.TableLedger;
import dev.keel.storage.writer.TableReplay;
import dev.keel.storage.writer.TableWriter;
import dev.keel.storage.writer.WriteGate;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One start-to-stop of {@link StorageComponent}: its spool (claimed with a lock), backend, queues,
 * writer pools and replayer. A restart builds a new one; the ledgers (counters) belong to the
 * component and carry on.
 */
final class StorageGeneration {

    private static final Logger log = LoggerFactory.getLogger(StorageGeneration.class);

    /** Restarts of a writer back off from 100 ms up to 5 s; more than 10 in a minute fail the component. */
    private static final RecoveryPolicy WRITER_RECOVERY =
            RecoveryPolicy.restart().withBackoff(Duration.ofMillis(100), Duration.ofSeconds(5));

    /**
     * How long a probe of the database may take (at start, and by the replayer while it is down):
     * a hung server must not hold the start, or the replayer, for the full socket timeout.
     */
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    final StorageBackend backend;
    final StopNotice stop;
    final SinkHealth health = new SinkHealth();
    final WriteGate gate = new WriteGate();
    private final StorageProperties properties;
    private final SpoolLock lock;
    private final Spool<Event> eventSpool;
    private final Spool<Alert> alertSpool;
    private final DeadLetterWriter deadLetters;
    private final List<WorkerHandle> workers = new CopyOnWriteArrayList<>();
    private final AtomicBoolean backendClosed = new AtomicBoolean();
    private final AtomicBoolean spoolReleased = new AtomicBoolean();
    private volatile WorkQueue<Event> eventQueue;
    private volatile WorkQueue<Alert> alertQueue;

    /**
     * Opens the spool {@code lock} claims, then migrates the schema if the database answers a
     * short probe: a database that refuses fails the start; one that is down or hung does not
     * (the replayer migrates once it answers). The caller releases the lock and the backend if
     * this throws.
     */
    StorageGeneration(StorageProperties properties, SpoolLock lock, StorageBackend backend, StopNotice stop)
            throws IOException, BackendException {
        this.properties = properties;
        this.backend = backend;
        this.stop = stop;
        this.lock = lock;
        SpoolSpace space = new SpoolSpace(properties.spool().maxBytes().toBytes());
        this.eventSpool = Spool.open(properties.spoolDirectory(), EventCodec.INSTANCE, space);
        this.alertSpool = Spool.open(properties.spoolDirectory(), AlertCodec.INSTANCE, space);
        this.deadLetters = new DeadLetterWriter(backend, new DeadLetterFile(properties.deadLetterDirectory()));
        migrateIfReachable();
    }

    private void migrateIfReachable() throws BackendException {
        try {
            backend.ping(PROBE_TIMEOUT);
            backend.migrate();
            gate.schemaReady();
        } catch (BackendException e) {
            if (!e.isTransient()) {
                throw e;
            }
            health.down(e.getMessage());
            log.warn("storage: {} is unreachable at start ({}); accepting rows anyway, the replayer migrates the "
                    + "schema once it answers", backend.description(), e.getMessage());
        }
    }

    /**
     * Registers the backend to be closed after every worker launched here has drained, then
     * launches the writer pools (consumers first), then the replayer. No batch or replay chunk
     * exceeds what the backend inserts at once ({@link StorageBackend#maxRowsPerInsert()}).
     */
    void launch(Workers launcher, TableLedger events, TableLedger alerts) throws IOException {
        launcher.closeInTurn("backend", this::closeBackend);
        Backoff backoff = new Backoff(properties.retry().initialBackoff(), properties.retry().maxBackoff());
        int maxBatch = Math.min(properties.maxBatchSize(), backend.maxRowsPerInsert());
        int batch = Math.min(properties.batchSize(), maxBatch);
        TableReplay<Event> eventReplay = new TableReplay<>(eventSpool,
                delivery("spool-replayer", EventCodec.INSTANCE, backend::insertEvents, backoff), deadLetters, events,
                maxBatch);
        TableReplay<Alert> alertReplay = new TableReplay<>(alertSpool,
                delivery("spool-replayer", AlertCodec.INSTANCE, backend::insertAlerts, backoff), deadLetters, alerts,
                maxBatch);
        if (eventReplay.noBacklog() && alertReplay.noBacklog()) {
            gate.backlogReplayed(); // nothing from earlier runs to put first
        }

        WorkerKind kind = writerKind();
        WorkQueue<Event> eventsIn = launcher.queue("events", properties.queueCapacity());
        TableWriter<Event> eventWriter = new TableWriter<>("event-writer", events,
                delivery("event-writer", EventCodec.INSTANCE, backend::insertEvents, backoff), eventSpool, deadLetters,
                stop, backoff);
        workers.add(launcher.worker("event-writer").kind(kind).recovery(WRITER_RECOVERY)
                .pool(properties.writers(), eventsIn)
                .rescue(eventWriter::rescue)
                .eachBatch(batch, maxBatch, properties.flushInterval(), eventWriter::write));

        WorkQueue<Alert> alertsIn = launcher.queue("alerts", properties.queueCapacity());
        TableWriter<Alert> alertWriter = new TableWriter<>("alert-writer", alerts,
                delivery("alert-writer", AlertCodec.INSTANCE, backend::insertAlerts, backoff), alertSpool, deadLetters,
                stop, backoff);
        workers.add(launcher.worker("alert-writer").kind(kind).recovery(WRITER_RECOVERY)
                .pool(properties.alertWriters(), alertsIn)
                .rescue(alertWriter::rescue)
                .eachBatch(batch, maxBatch, properties.flushInterval(), alertWriter::write));

        SpoolReplayer replayer = new SpoolReplayer(backend, gate, health, List.of(eventReplay, alertReplay),
                properties.spool().replayInterval(), PROBE_TIMEOUT);
        workers.add(launcher.worker("spool-replayer").kind(kind).loop(replayer::iteration));

        eventQueue = eventsIn;
        alertQueue = alertsIn;
    }

    /**
     * What blocks a writer decides its thread. DuckDB runs inserts in native code, which would pin
     * a virtual thread's carrier for the whole insert and starve every other virtual worker, so its
     * writers are platform threads. ClickHouse writers block on sockets, which a virtual thread
     * gives up on when interrupted at the drain deadline, so they are virtual threads.
     */
    private WorkerKind writerKind() {
        return properties.backend() == StorageProperties.Backend.EMBEDDED ? WorkerKind.PLATFORM : WorkerKind.VIRTUAL;
    }

    private <T> RowDelivery<T> delivery(String worker, RowCodec<T> codec, RowDelivery.Inserter<T> inserter,
            Backoff backoff) {
        return new RowDelivery<>(worker, codec, inserter, () -> backend.ping(PROBE_TIMEOUT), deadLetters, health, stop,
                gate, backoff, properties.retry().giveUpAfter());
    }

    WorkQueue<Event> eventQueue() {
        return eventQueue;
    }

    WorkQueue<Alert> alertQueue() {
        return alertQueue;
    }

    /** Files in the spool found not to be segments and set aside as {@code .bad}, per table. */
    int badSpoolFiles(String table) {
        return table.equals("events") ? eventSpool.badFiles() : alertSpool.badFiles();
    }

    boolean isClosed() {
        return backendClosed.get();
    }

    /** Closes the backend, once: in its turn during the stop, or by {@link #release()} if the start failed. */
    void closeBackend() {
        if (backendClosed.compareAndSet(false, true)) {
            backend.close();
        }
    }

    /**
     * Lets go of the backend and the spool, unless a worker of this generation still runs (a stop
     * that timed out): then the spool stays claimed, so that no next generation or process replays
     * it alongside.
     *
     * @return true if the spool is free
     */
    boolean release() {
        closeBackend();
        if (spoolReleased.get()) {
            return true;
        }
        List<String> running = workers.stream().filter(WorkerHandle::isAlive).map(WorkerHandle::name).toList();
        if (!running.isEmpty()) {
            log.warn("storage: workers {} are still running after the stop; the spool {} stays claimed until they end",
                    running, lock.directory());
            return false;
        }
        if (spoolReleased.compareAndSet(false, true)) {
            try {
                lock.close();
            } catch (IOException e) {
                log.warn("storage: releasing the lock of the spool {} failed", lock.directory(), e);
            }
        }
        return true;
    }

    /** Why the spool cannot be claimed by a new generation yet. */
    String stillRunning() {
        return "spool directory " + lock.directory().toAbsolutePath() + " is still claimed by the previous generation "
                + "of storage, whose workers " + workers.stream().filter(WorkerHandle::isAlive).map(WorkerHandle::name)
                .toList() + " did not stop";
    }
}
