package dev.keel.storage.backend;

import dev.keel.storage.Alert;
import dev.keel.storage.Event;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A database the writers insert rows into and the API reads from. One instance per component
 * generation: created at start, closed at stop. Thread-safe: writer workers call it
 * concurrently.
 *
 * <p>Inserts are all-or-nothing for up to {@code keel.storage.max-batch-size} rows, and failures
 * are classified ({@link BackendException.Kind}) so writers know whether to retry, find the bad
 * rows, or spool. Each table's columns are defined once ({@link EventColumn}, {@link AlertColumn},
 * {@link DeadLetterColumn}), for every backend.
 */
public interface StorageBackend extends AutoCloseable {

    /** The most rows one read returns. */
    int MAX_READ_LIMIT = 1_000;

    /** What this is, for logs and health: kind, server version, address, database. */
    String description();

    /**
     * Creates or migrates the schema, idempotently, and records the schema version.
     *
     * @throws BackendException TRANSIENT if the database cannot be reached now; REJECTED if it
     *     refuses (bad credentials, no permission, a schema it cannot migrate)
     */
    void migrate() throws BackendException;

    /** The schema version recorded in the database, 0 if none. */
    int schemaVersion() throws BackendException;

    /**
     * Cheap reachability check that gives up after {@code timeout}: used where waiting for the
     * full socket timeout would hold up a start or a probe of a sink that is down.
     */
    void ping(Duration timeout) throws BackendException;

    /**
     * The most rows one insert should carry, whatever {@code max-batch-size} allows: for a
     * database whose inserts ignore interrupts, what a writer cancelled at the stop deadline may
     * still be inside of, roll back and spool within the cancel grace.
     */
    default int maxRowsPerInsert() {
        return Integer.MAX_VALUE;
    }

    void insertEvents(List<Event> events) throws BackendException;

    void insertAlerts(List<Alert> alerts) throws BackendException;

    void insertDeadLetters(List<DeadLetter> letters) throws BackendException;

    /**
     * The most recent events, newest first, each event id once; {@code limit} is
     * 1..{@link #MAX_READ_LIMIT}, checked by the caller. Reads are bounded as {@link RecentWindow} says.
     */
    List<Event> recentEvents(int limit) throws BackendException;

    /** The most recent alerts, newest first, each alert id once. */
    List<Alert> recentAlerts(int limit) throws BackendException;

    /**
     * The events with these ids (1..{@link #MAX_READ_LIMIT} distinct ids, checked by the caller),
     * each once, newest first; ids not stored are left out. Not bounded by time: it scans.
     */
    List<Event> eventsById(Set<String> ids) throws BackendException;

    /** Releases connections; never throws. */
    @Override
    void close();
}
