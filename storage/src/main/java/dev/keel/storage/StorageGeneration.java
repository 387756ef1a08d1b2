package dev.keel.storage;

import dev.keel.lifecycle.RecoveryPolicy;
import dev.keel.lifecycle.WorkQueue;
import dev.keel.lifecycle.Workers;
import dev.keel.storage.backend.BackendException;
import dev.keel.storage.backend.StorageBackend;
import dev.keel.storage.codec.AlertCodec;
import dev.keel.storage.codec.EventCodec;
import dev.keel.storage.codec.RowCodec;
import dev.keel.storage.spool.DeadLetterFile;
import dev.keel.storage.spool.Spool;
import dev.keel.storage.writer.Backoff;
import dev.keel.storage.writer.DeadLetterWriter;
import dev.keel.storage.writer.RowDelivery;
import dev.keel.storage.writer.SinkHealth;
import dev.keel.storage.writer.SpoolReplayer;
import dev.keel.storage.writer.StopClock;
import dev.keel.storage.writer.TableLedger;
import dev.keel.storage.writer.TableReplay;
import dev.keel.storage.writer.TableWriter;
import dev.keel.storage.writer.WriteGate;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One start-to-stop of {@link StorageComponent}: its backend, queues, writer pools, spools and
 * replayer. A restart builds a new one; the ledgers (counters) belong to the component and
 * carry on.
 */
final class StorageGeneration {

    private static final Logger log = LoggerFactory.getLogger(StorageGeneration.class);

    /** Restarts of a writer back off from 100 ms up to 5 s; more than 10 in a minute fail the component. */
    private static final RecoveryPolicy WRITER_RECOVERY =
            RecoveryPolicy.restart().withBackoff(Duration.ofMillis(100), Duration.ofSeconds(5));

    final StorageBackend backend;
    final StopClock stop = new StopClock();
    final SinkHealth health = new SinkHealth();
    final WriteGate gate = new WriteGate();
    private final StorageProperties properties;
    private final DeadLetterWriter deadLetters;
    private final Spool<Event> eventSpool;
    private final Spool<Alert> alertSpool;
    private volatile WorkQueue<Event> eventQueue;
    private volatile WorkQueue<Alert> alertQueue;
    private volatile boolean closed;

    /** Opens the spools, then migrates the schema: a database that refuses fails the start, one that is down does not. */
    StorageGeneration(StorageProperties properties, StorageBackend backend) throws IOException, BackendException {
        this.properties = properties;
        this.backend = backend;
        this.deadLetters = new DeadLetterWriter(backend, new DeadLetterFile(properties.deadLetterDirectory()));
        this.eventSpool = Spool.open(properties.spoolDirectory(), EventCodec.INSTANCE);
        this.alertSpool = Spool.open(properties.spoolDirectory(), AlertCodec.INSTANCE);
        try {
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

    /** Launches the writer pools (consumers first), then the replayer. */
    void launch(Workers workers, TableLedger events, TableLedger alerts) throws IOException {
        Backoff backoff = new Backoff(properties.retry().initialBackoff(), properties.retry().maxBackoff());
        RowDelivery<Event> eventDelivery = delivery("event-writer", EventCodec.INSTANCE, backend::insertEvents, backoff);
        RowDelivery<Alert> alertDelivery = delivery("alert-writer", AlertCodec.INSTANCE, backend::insertAlerts, backoff);
        TableReplay<Event> eventReplay = new TableReplay<>(eventSpool,
                delivery("spool-replayer", EventCodec.INSTANCE, backend::insertEvents, backoff), deadLetters, events,
                properties.batchSize());
        TableReplay<Alert> alertReplay = new TableReplay<>(alertSpool,
                delivery("spool-replayer", AlertCodec.INSTANCE, backend::insertAlerts, backoff), deadLetters, alerts,
                properties.batchSize());

        if (eventReplay.noBacklog() && alertReplay.noBacklog()) {
            gate.backlogReplayed(); // nothing from earlier runs to put first
        }

        WorkQueue<Event> eventsIn = workers.queue("events", properties.queueCapacity());
        TableWriter<Event> eventWriter = new TableWriter<>("event-writer", events, eventDelivery, eventSpool, deadLetters);
        workers.worker("event-writer").virtual().recovery(WRITER_RECOVERY)
                .pool(properties.writers(), eventsIn)
                .rescue(eventWriter::rescue)
                .eachBatch(properties.batchSize(), properties.flushInterval(), eventWriter::write);

        WorkQueue<Alert> alertsIn = workers.queue("alerts", properties.queueCapacity());
        TableWriter<Alert> alertWriter = new TableWriter<>("alert-writer", alerts, alertDelivery, alertSpool, deadLetters);
        workers.worker("alert-writer").virtual().recovery(WRITER_RECOVERY)
                .pool(properties.alertWriters(), alertsIn)
                .rescue(alertWriter::rescue)
                .eachBatch(properties.batchSize(), properties.flushInterval(), alertWriter::write);

        SpoolReplayer replayer = new SpoolReplayer(backend, gate, health, List.of(eventReplay, alertReplay),
                properties.spool().replayInterval());
        workers.worker("spool-replayer").virtual().loop(replayer::iteration);

        eventQueue = eventsIn;
        alertQueue = alertsIn;
    }

    private <T> RowDelivery<T> delivery(String worker, RowCodec<T> codec, RowDelivery.Inserter<T> inserter,
            Backoff backoff) {
        return new RowDelivery<>(worker, codec, inserter, deadLetters, health, stop, gate, backoff,
                properties.retry().giveUpAfter());
    }

    WorkQueue<Event> eventQueue() {
        return eventQueue;
    }

    WorkQueue<Alert> alertQueue() {
        return alertQueue;
    }

    boolean isClosed() {
        return closed;
    }

    void close() {
        closed = true;
        backend.close();
    }
}
