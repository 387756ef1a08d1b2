package dev.keel.storage;

import dev.keel.storage.backend.BackendException;
import dev.keel.storage.backend.BackendFactory;
import dev.keel.storage.backend.DeadLetter;
import dev.keel.storage.backend.StorageBackend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Wraps a real backend and injects faults on command, following a {@link Plan} that every
 * backend of a test shares (so that a fault can be set before a start, and survives a restart).
 */
final class FaultyBackend implements StorageBackend {

    /** The faults to inject, and what was seen; one per test, shared by the backends it makes. */
    static final class Plan {
        private final AtomicBoolean down = new AtomicBoolean();
        private final AtomicReference<RuntimeException> throwBeforeNextEventInsert = new AtomicReference<>();
        private final AtomicReference<RuntimeException> throwAfterNextEventInsert = new AtomicReference<>();
        private final AtomicBoolean loseAnswerOfNextEventInsert = new AtomicBoolean();
        private final AtomicReference<CountDownLatch> held = new AtomicReference<>();
        private final AtomicReference<String> slowPrefix = new AtomicReference<>();
        private volatile Duration slowDelay = Duration.ZERO;
        /** Inserts of events for which this answers a failure fail with it (before reaching the database). */
        private final AtomicReference<Function<List<Event>, Exception>> eventInsertFailure = new AtomicReference<>();

        /** Event inserts attempted (each call, whatever its outcome). */
        final AtomicInteger eventInserts = new AtomicInteger();
        /** Dead-letter inserts attempted. */
        final AtomicInteger deadLetterInserts = new AtomicInteger();
        /** The most rows one event insert carried. */
        final AtomicInteger largestEventInsert = new AtomicInteger();
        /** Event inserts inside the real backend right now. */
        final AtomicInteger eventInsertsInFlight = new AtomicInteger();
        /** Rows of event inserts that failed with their outcome unknown (anything but a refused connection). */
        final AtomicLong unknownOutcomeRows = new AtomicLong();
        /** The ids of the events inserted, in insert order. */
        final List<String> insertedEventIds = Collections.synchronizedList(new ArrayList<>());

        void goDown() {
            down.set(true);
        }

        void comeBack() {
            down.set(false);
        }

        void throwBeforeNextEventInsert(RuntimeException failure) {
            throwBeforeNextEventInsert.set(failure);
        }

        /** The next event insert is committed, then the writer sees {@code failure}. */
        void throwAfterNextEventInsert(RuntimeException failure) {
            throwAfterNextEventInsert.set(failure);
        }

        /** The next event insert is committed, but its answer is lost: the writer sees a transient failure. */
        void loseAnswerOfNextEventInsert() {
            loseAnswerOfNextEventInsert.set(true);
        }

        /** Event inserts for which {@code failure} answers an exception fail with it; null answers let them through. */
        void failEventInserts(Function<List<Event>, Exception> failure) {
            eventInsertFailure.set(failure);
        }

        /** Event inserts of rows whose ids start with {@code prefix} sleep first. */
        void slowInsertsOf(String prefix, Duration delay) {
            slowDelay = delay;
            slowPrefix.set(prefix);
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
    }

    private final StorageBackend real;
    private final Plan plan;

    FaultyBackend(StorageBackend real, Plan plan) {
        this.real = real;
        this.plan = plan;
    }

    /** A factory whose every backend is wrapped to follow {@code plan}. */
    static BackendFactory wrapping(BackendFactory real, Plan plan) {
        return (properties, connections) -> new FaultyBackend(real.create(properties, connections), plan);
    }

    private void check(String operation) throws BackendException {
        if (plan.down.get()) {
            throw BackendException.transientFailure(operation + ": Connection refused (injected)", null);
        }
    }

    private void awaitRelease() throws BackendException {
        CountDownLatch latch = plan.held.get();
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
    public void ping(Duration timeout) throws BackendException {
        check("ping");
        real.ping(timeout);
    }

    @Override
    public int maxRowsPerInsert() {
        return real.maxRowsPerInsert();
    }

    @Override
    public void insertEvents(List<Event> events) throws BackendException {
        plan.eventInserts.incrementAndGet();
        plan.largestEventInsert.accumulateAndGet(events.size(), Math::max);
        awaitRelease();
        check("insert events");
        RuntimeException before = plan.throwBeforeNextEventInsert.getAndSet(null);
        if (before != null) {
            throw before;
        }
        Function<List<Event>, Exception> failing = plan.eventInsertFailure.get();
        Exception failure = failing == null ? null : failing.apply(events);
        if (failure instanceof BackendException backend) {
            throw backend;
        }
        if (failure instanceof RuntimeException bug) {
            throw bug;
        }
        String slow = plan.slowPrefix.get();
        if (slow != null && !events.isEmpty() && events.getFirst().eventId().startsWith(slow)) {
            try {
                Thread.sleep(plan.slowDelay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw BackendException.transientFailure("interrupted while slow", e);
            }
        }
        plan.eventInsertsInFlight.incrementAndGet();
        try {
            real.insertEvents(events);
        } catch (BackendException e) {
            if (e.kind() == BackendException.Kind.TRANSIENT && !String.valueOf(e.getMessage()).contains("refused")) {
                plan.unknownOutcomeRows.addAndGet(events.size());
            }
            throw e;
        } finally {
            plan.eventInsertsInFlight.decrementAndGet();
        }
        events.forEach(event -> plan.insertedEventIds.add(event.eventId()));
        if (plan.loseAnswerOfNextEventInsert.getAndSet(false)) {
            plan.unknownOutcomeRows.addAndGet(events.size());
            throw BackendException.transientFailure("insert events: the answer was lost (injected)", null);
        }
        RuntimeException after = plan.throwAfterNextEventInsert.getAndSet(null);
        if (after != null) {
            throw after;
        }
    }

    @Override
    public void insertAlerts(List<Alert> alerts) throws BackendException {
        awaitRelease();
        check("insert alerts");
        real.insertAlerts(alerts);
    }

    @Override
    public void insertDeadLetters(List<DeadLetter> letters) throws BackendException {
        plan.deadLetterInserts.incrementAndGet();
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
    public List<Event> eventsById(Set<String> ids) throws BackendException {
        check("read");
        return real.eventsById(ids);
    }

    @Override
    public void close() {
        plan.releaseInserts();
        real.close();
    }
}
