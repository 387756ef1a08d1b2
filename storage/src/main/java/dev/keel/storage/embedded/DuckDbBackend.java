package dev.keel.storage.embedded;

import dev.keel.storage.Alert;
import dev.keel.storage.Event;
import dev.keel.storage.backend.BackendException;
import dev.keel.storage.backend.DeadLetter;
import dev.keel.storage.backend.StorageBackend;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A DuckDB file, {@code <data-dir>/<database>.duckdb}; DuckDB names the catalog after the file,
 * so the tables are {@code <database>.main.events} and so on. Each operation borrows one of a
 * fixed set of connections to the one database instance ({@link DuckDbConnections}), so writers
 * insert concurrently; the schema ({@link DuckDbMigrator}), inserts ({@link DuckDbInserts}) and
 * reads ({@link DuckDbReads}) each have their own class.
 */
public final class DuckDbBackend implements StorageBackend {

    /**
     * DuckDB runs each statement in native code, deaf to interrupts, at a few thousand rows a
     * second on a small machine: a cancelled insert stops at its next statement (see
     * {@link DuckDbInserts}), and this cap keeps what it rolls back and spools small.
     */
    public static final int MAX_ROWS_PER_INSERT = 1_000;

    private final Path file;
    private final DuckDbConnections connections;
    private final DuckDbMigrator migrator;
    private final DuckDbInserts inserts;
    private final DuckDbReads reads;

    /** Opens (or creates) the database file; throws REJECTED if it cannot (locked by another process, unwritable). */
    public DuckDbBackend(Path dataDir, String database, int connections) throws BackendException {
        String schema = database + ".main";
        this.file = dataDir.resolve(database + ".duckdb").toAbsolutePath();
        this.connections = new DuckDbConnections(file, connections);
        this.migrator = new DuckDbMigrator(this.connections, schema, file);
        this.inserts = new DuckDbInserts(this.connections, schema);
        this.reads = new DuckDbReads(this.connections, schema);
    }

    @Override
    public String description() {
        return "embedded DuckDB " + file;
    }

    @Override
    public void migrate() throws BackendException {
        migrator.migrate();
    }

    @Override
    public int schemaVersion() throws BackendException {
        return migrator.version();
    }

    /** The file is local: there is nothing to time out. */
    @Override
    public void ping(Duration timeout) throws BackendException {
        Connection connection = connections.borrow();
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT 1");
        } catch (SQLException e) {
            throw DuckDbFailures.classify("ping", e, 0);
        } finally {
            connections.release(connection);
        }
    }

    @Override
    public int maxRowsPerInsert() {
        return MAX_ROWS_PER_INSERT;
    }

    @Override
    public void insertEvents(List<Event> events) throws BackendException {
        inserts.events(events);
    }

    @Override
    public void insertAlerts(List<Alert> alerts) throws BackendException {
        inserts.alerts(alerts);
    }

    @Override
    public void insertDeadLetters(List<DeadLetter> letters) throws BackendException {
        inserts.deadLetters(letters);
    }

    @Override
    public List<Event> recentEvents(int limit) throws BackendException {
        return reads.events(limit);
    }

    @Override
    public List<Alert> recentAlerts(int limit) throws BackendException {
        return reads.alerts(limit);
    }

    @Override
    public List<Event> eventsById(Set<String> ids) throws BackendException {
        return reads.eventsById(ids);
    }

    @Override
    public void close() {
        connections.close();
    }
}
