package dev.keel.storage.writer;

import dev.keel.storage.Alert;
import dev.keel.storage.Event;
import dev.keel.storage.backend.BackendException;
import dev.keel.storage.backend.DeadLetter;
import dev.keel.storage.backend.StorageBackend;
import dev.keel.storage.codec.EventCodec;
import dev.keel.storage.spool.DeadLetterFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What a {@link RowDelivery} needs, faked where the database would be: dead letters are kept in
 * memory ({@link #letters}), the gate is open unless a test shuts it, and the stop never comes
 * (each look at it is counted).
 */
public final class Deliveries {

    /** Dead letters written, one list per insert. */
    public final List<List<DeadLetter>> letters = Collections.synchronizedList(new ArrayList<>());
    /** What the dead-letter table insert throws, if anything. */
    public final AtomicReference<Error> deadLetterInsertError = new AtomicReference<>();
    public final AtomicInteger stopChecks = new AtomicInteger();
    public final SinkHealth health = new SinkHealth();
    public final StopNotice stop = new StopNotice(() -> {
        stopChecks.incrementAndGet();
        return false;
    });
    public final Backoff backoff = new Backoff(Duration.ofMillis(1), Duration.ofMillis(5));
    public final DeadLetterWriter deadLetters;
    public WriteGate gate = new WriteGate();

    public Deliveries(Path deadLetterDirectory) {
        this.deadLetters = new DeadLetterWriter(new LettersOnly(), new DeadLetterFile(deadLetterDirectory));
        gate.schemaReady();
        gate.backlogReplayed();
    }

    public RowDelivery<Event> events(RowDelivery.Inserter<Event> inserter, RowDelivery.Probe probe,
            Duration giveUpAfter) {
        return new RowDelivery<>("event-writer", EventCodec.INSTANCE, inserter, probe, deadLetters, health, stop, gate,
                backoff, giveUpAfter);
    }

    public RowDelivery<Event> events(RowDelivery.Inserter<Event> inserter) {
        return events(inserter, () -> {}, Duration.ofSeconds(10));
    }

    /** The ids of every dead letter written. */
    public List<String> deadLetterIds() {
        synchronized (letters) {
            return letters.stream().flatMap(List::stream).map(DeadLetter::rowId).toList();
        }
    }

    /** Counts outcomes. */
    public static final class Counted implements RowDelivery.Outcomes {
        public int stored;
        public int deadLettered;
        public int lost;

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

    /** A backend that only takes dead letters. */
    private final class LettersOnly implements StorageBackend {
        @Override
        public void insertDeadLetters(List<DeadLetter> inserted) {
            Error error = deadLetterInsertError.get();
            if (error != null) {
                throw error;
            }
            letters.add(List.copyOf(inserted));
        }

        @Override
        public String description() {
            return "letters only";
        }

        @Override
        public void migrate() {}

        @Override
        public int schemaVersion() {
            return 0;
        }

        @Override
        public void ping(Duration timeout) {}

        @Override
        public void insertEvents(List<Event> events) throws BackendException {
            throw new UnsupportedOperationException();
        }

        @Override
        public void insertAlerts(List<Alert> alerts) throws BackendException {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Event> recentEvents(int limit) {
            return List.of();
        }

        @Override
        public List<Alert> recentAlerts(int limit) {
            return List.of();
        }

        @Override
        public List<Event> eventsById(Set<String> ids) {
            return List.of();
        }

        @Override
        public void close() {}
    }
}
