package dev.keel.storage.embedded;

import dev.keel.storage.Alert;
import dev.keel.storage.Event;
import dev.keel.storage.backend.BackendException;
import dev.keel.storage.backend.DeadLetter;
import dev.keel.storage.backend.Migration;
import dev.keel.storage.backend.StorageBackend;
import dev.keel.storage.codec.InvalidRowException;
import dev.keel.storage.codec.Json;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DuckDB file, {@code <data-dir>/<database>.duckdb}; DuckDB names the catalog after the file,
 * so the tables are {@code <database>.main.events} and so on.
 * Each operation borrows one of a fixed set of connections to the one database instance, so
 * writers insert concurrently; an insert runs in one transaction (all or nothing), in
 * multi-row {@code INSERT OR IGNORE} statements whose every value is a bound parameter.
 */
public final class DuckDbBackend implements StorageBackend {

    private static final Logger log = LoggerFactory.getLogger(DuckDbBackend.class);

    /** Rows per INSERT statement: large enough to be quick, small enough to keep statements short. */
    private static final int ROWS_PER_STATEMENT = 200;

    private static final List<String> EVENT_COLUMNS = List.of("event_id", "timestamp", "received_at", "source", "host",
            "\"user\"", "action", "src_ip", "severity", "message", "attributes");
    private static final List<String> ALERT_COLUMNS = List.of("alert_id", "rule_id", "rule_title", "level", "timestamp",
            "group_key", "event_ids", "summary");
    private static final List<String> DEAD_LETTER_COLUMNS = List.of("failed_at", "table_name", "row_id", "reason",
            "payload");

    private final Path file;
    /** The qualifier of every table: {@code <database>.main}. */
    private final String schema;
    private final DuckDbConnections connections;

    /** Opens (or creates) the database file; throws REJECTED if it cannot (locked by another process, unwritable). */
    public DuckDbBackend(Path dataDir, String database, int connections) throws BackendException {
        this.schema = database + ".main";
        this.file = dataDir.resolve(database + ".duckdb").toAbsolutePath();
        this.connections = new DuckDbConnections(file, connections);
    }

    @Override
    public String description() {
        return "embedded DuckDB " + file;
    }

    @Override
    public void migrate() throws BackendException {
        Connection connection = borrow();
        try (Statement statement = connection.createStatement()) {
            statement.execute(DuckDbSchema.versionsTable(schema));
            int current = schemaVersion(statement);
            for (Migration migration : DuckDbSchema.migrations(schema)) {
                if (migration.version() > current) {
                    connection.setAutoCommit(false);
                    for (String ddl : migration.statements()) {
                        statement.execute(ddl);
                    }
                    try (PreparedStatement record = connection.prepareStatement("INSERT OR IGNORE INTO " + schema
                            + ".schema_versions (version, description, applied_at) VALUES (?, ?, now())")) {
                        record.setInt(1, migration.version());
                        record.setString(2, migration.description());
                        record.execute();
                    }
                    connection.commit();
                    log.info("storage: DuckDB schema {} in {} migrated to version {} ({})", schema, file,
                            migration.version(), migration.description());
                }
            }
        } catch (SQLException e) {
            rollbackQuietly(connection);
            throw BackendException.rejected("schema migration of " + file + " failed: " + e.getMessage(), e);
        } finally {
            release(connection);
        }
    }

    @Override
    public int schemaVersion() throws BackendException {
        Connection connection = borrow();
        try (Statement statement = connection.createStatement()) {
            return schemaVersion(statement);
        } catch (SQLException e) {
            throw DuckDbFailures.classify("schema version", e, 0);
        } finally {
            release(connection);
        }
    }

    private int schemaVersion(Statement statement) throws SQLException {
        try (ResultSet result = statement.executeQuery("SELECT coalesce(max(version), 0) FROM " + schema + ".schema_versions")) {
            return result.next() ? result.getInt(1) : 0;
        }
    }

    @Override
    public void ping() throws BackendException {
        Connection connection = borrow();
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT 1");
        } catch (SQLException e) {
            throw DuckDbFailures.classify("ping", e, 0);
        } finally {
            release(connection);
        }
    }

    @Override
    public void insertEvents(List<Event> events) throws BackendException {
        insert("events", EVENT_COLUMNS, true, events, (statement, at, event, index) -> {
            String attributes;
            try {
                attributes = Json.attributesJson(event.attributes(), event.eventId());
            } catch (InvalidRowException e) {
                throw BackendException.invalidRows(e.getMessage(), index, e);
            }
            statement.setString(at, event.eventId());
            statement.setLong(at + 1, event.timestamp());
            statement.setLong(at + 2, event.receivedAt());
            statement.setString(at + 3, event.source());
            statement.setString(at + 4, event.host());
            statement.setString(at + 5, event.user());
            statement.setString(at + 6, event.action());
            statement.setString(at + 7, event.srcIp());
            statement.setString(at + 8, event.severity());
            statement.setString(at + 9, event.message());
            statement.setString(at + 10, attributes);
        });
    }

    @Override
    public void insertAlerts(List<Alert> alerts) throws BackendException {
        insert("alerts", ALERT_COLUMNS, true, alerts, (statement, at, alert, index) -> {
            statement.setString(at, alert.alertId());
            statement.setString(at + 1, alert.ruleId());
            statement.setString(at + 2, alert.ruleTitle());
            statement.setString(at + 3, alert.level());
            statement.setLong(at + 4, alert.timestamp());
            statement.setString(at + 5, alert.groupKey());
            statement.setArray(at + 6, statement.getConnection().createArrayOf("VARCHAR", alert.eventIds().toArray()));
            statement.setString(at + 7, alert.summary());
        });
    }

    @Override
    public void insertDeadLetters(List<DeadLetter> letters) throws BackendException {
        insert("dead_letters", DEAD_LETTER_COLUMNS, false, letters, (statement, at, letter, index) -> {
            statement.setLong(at, letter.failedAt());
            statement.setString(at + 1, letter.table());
            statement.setString(at + 2, letter.rowId());
            statement.setString(at + 3, letter.reason());
            statement.setString(at + 4, letter.payload());
        });
    }

    @Override
    public List<Event> recentEvents(int limit) throws BackendException {
        return recent("SELECT " + String.join(", ", EVENT_COLUMNS) + " FROM " + schema
                + ".events ORDER BY timestamp DESC, event_id DESC LIMIT ?", limit, row -> new Event(
                        row.getString(1), row.getLong(2), row.getLong(3), row.getString(4), row.getString(5),
                        row.getString(6), row.getString(7), row.getString(8), row.getString(9), row.getString(10),
                        Json.attributes(row.getString(11))));
    }

    @Override
    public List<Alert> recentAlerts(int limit) throws BackendException {
        return recent("SELECT " + String.join(", ", ALERT_COLUMNS) + " FROM " + schema
                + ".alerts ORDER BY timestamp DESC, alert_id DESC LIMIT ?", limit, row -> new Alert(
                        row.getString(1), row.getString(2), row.getString(3), row.getString(4), row.getLong(5),
                        row.getString(6), strings(row.getArray(7)), row.getString(8)));
    }

    @Override
    public void close() {
        connections.close();
    }

    // ---- internals ---------------------------------------------------------------------------

    /** Binds one row's values starting at parameter {@code at}; {@code index} is the row's place in the insert. */
    @FunctionalInterface
    private interface RowBinder<T> {
        void bind(PreparedStatement statement, int at, T row, int index) throws SQLException, BackendException;
    }

    @FunctionalInterface
    private interface RowReader<T> {
        T read(ResultSet row) throws SQLException;
    }

    /** @param idempotent the table has a primary key, and a row already there is skipped rather than refused */
    private <T> void insert(String table, List<String> columns, boolean idempotent, List<T> rows, RowBinder<T> binder)
            throws BackendException {
        if (rows.isEmpty()) {
            return;
        }
        Connection connection = borrow();
        try {
            connection.setAutoCommit(false);
            for (int from = 0; from < rows.size(); from += ROWS_PER_STATEMENT) {
                int to = Math.min(rows.size(), from + ROWS_PER_STATEMENT);
                try (PreparedStatement statement = connection.prepareStatement(
                        insertSql(table, columns, idempotent, to - from))) {
                    for (int i = from; i < to; i++) {
                        binder.bind(statement, (i - from) * columns.size() + 1, rows.get(i), i);
                    }
                    statement.execute();
                }
            }
            connection.commit();
        } catch (SQLException e) {
            rollbackQuietly(connection);
            throw DuckDbFailures.classify("insert of " + rows.size() + " rows into " + schema + "." + table, e,
                    rows.size());
        } catch (BackendException e) {
            rollbackQuietly(connection);
            throw e;
        } finally {
            restoreAutoCommit(connection);
            release(connection);
        }
    }

    private String insertSql(String table, List<String> columns, boolean idempotent, int rows) {
        String row = "(" + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")";
        return (idempotent ? "INSERT OR IGNORE INTO " : "INSERT INTO ") + schema + "." + table + " (" + String.join(", ", columns) + ") VALUES "
                + String.join(", ", Collections.nCopies(rows, row));
    }

    private <T> List<T> recent(String sql, int limit, RowReader<T> reader) throws BackendException {
        Connection connection = borrow();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setInt(1, limit);
            try (ResultSet result = statement.executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (result.next()) {
                    rows.add(reader.read(result));
                }
                return rows;
            }
        } catch (SQLException e) {
            throw DuckDbFailures.classify("read", e, 0);
        } finally {
            release(connection);
        }
    }

    private static List<String> strings(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        return Arrays.stream((Object[]) array.getArray()).map(String::valueOf).toList();
    }

    private Connection borrow() throws BackendException {
        return connections.borrow();
    }

    private void release(Connection connection) {
        connections.release(connection);
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
        } catch (SQLException e) {
            log.debug("storage: DuckDB rollback failed", e);
        }
    }

    private static void restoreAutoCommit(Connection connection) {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            log.debug("storage: DuckDB autocommit reset failed", e);
        }
    }
}
