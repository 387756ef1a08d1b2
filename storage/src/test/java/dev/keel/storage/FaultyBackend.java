package dev.keel.storage;

import dev.keel.storage.backend.BackendException;
import dev.keel.storage.backend.BackendFactory;
import dev.keel.storage.backend.DeadLetter;
import dev.keel.storage.backend.StorageBackend;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Wraps a real backend and injects faults on command: the sink "down" (every operation fails
 * TRANSIENT, as a refused connection does), a runtime exception on the next event insert (a
 * writer bug), or inserts held until released (a slow database).
 */
final class FaultyBackend implements StorageBackend {

    private final StorageBackend real;
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicReference<RuntimeException> nextEventInsertThrows = new AtomicReference<>();
    private final AtomicReference<CountDownLatch> held = new AtomicReference<>();
    final AtomicInteger eventInserts = new AtomicInteger();
    /** The ids of the events inserted, in insert order. */
    final List<String> insertedEventIds = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    /** Inserts of events whose id starts with the key sleep the value first. */
    private final AtomicReference<Map.Entry<String, java.time.Duration>> slowPrefix = new AtomicReference<>();

    FaultyBackend(StorageBackend real) {
        this.real = real;
    }

    /** A factory whose every backend is wrapped by {@code faults}, which tests keep to steer. */
    static BackendFactory wrapping(BackendFactory real, AtomicReference<FaultyBackend> faults) {
        return (properties, connections) -> {
            FaultyBackend backend = new FaultyBackend(real.create(properties, connections));
            FaultyBackend previous = faults.getAndSet(backend);
            if (previous != null) {
                backend.down.set(previous.down.get());
                backend.slowPrefix.set(previous.slowPrefix.get());
            }
            return backend;
        };
    }

    void goDown() {
        down.set(true);
    }

    void comeBack() {
        down.set(false);
    }

    void throwOnNextEventInsert(RuntimeException failure) {
        nextEventInsertThrows.set(failure);
    }

    /** Inserts of events whose ids start with {@code prefix} (here and in the next backend made) sleep first. */
    void slowInsertsOf(String prefix, java.time.Duration delay) {
        slowPrefix.set(Map.entry(prefix, delay));
    }

    void holdInserts() {
        held.set(new CountDownLatch(1));
    }

    void releaseInserts() {
        CountDownLatch latch = held.getAndSet(null);
        if (latch != null) {
            latch.countDown();
        }
    }

    private void check(String operation) throws BackendException {
        if (down.get()) {
            throw BackendException.transientFailure(operation + ": Connection refused (injected)", null);
        }
    }

    private void awaitRelease() throws BackendException {
        CountDownLatch latch = held.get();
        if (latch != null) {
            try {
                latch.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw BackendException.transientFailure("interrupted while held", e);
            }
        }
    }

    @Override
    public String description() {
        return "faulty " + real.description();
    }

    @Override
    public void migrate() throws BackendException {
        check("migrate");
        real.migrate();
    }

    @Override
    public int schemaVersion() throws BackendException {
        check("schema version");
        return real.schemaVersion();
    }

    @Override
    public void ping() throws BackendException {
        check("ping");
        real.ping();
    }

    @Override
    public void insertEvents(List<Event> events) throws BackendException {
        eventInserts.incrementAndGet();
        awaitRelease();
        check("insert events");
        RuntimeException failure = nextEventInsertThrows.getAndSet(null);
        if (failure != null) {
            throw failure;
        }
        Map.Entry<String, java.time.Duration> slow = slowPrefix.get();
        if (slow != null && !events.isEmpty() && events.getFirst().eventId().startsWith(slow.getKey())) {
            try {
                Thread.sleep(slow.getValue());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw BackendException.transientFailure("interrupted while slow", e);
            }
        }
        real.insertEvents(events);
        events.forEach(event -> insertedEventIds.add(event.eventId()));
    }

    @Override
    public void insertAlerts(List<Alert> alerts) throws BackendException {
        awaitRelease();
        check("insert alerts");
        real.insertAlerts(alerts);
    }

    @Override
    public void insertDeadLetters(List<DeadLetter> letters) throws BackendException {
        check("insert dead letters");
        real.insertDeadLetters(letters);
    }

    @Override
    public List<Event> recentEvents(int limit) throws BackendException {
        check("read");
        return real.recentEvents(limit);
    }

    @Override
    public List<Alert> recentAlerts(int limit) throws BackendException {
        check("read");
        return real.recentAlerts(limit);
    }

    @Override
    public void close() {
        releaseInserts();
        real.close();
    }
}
