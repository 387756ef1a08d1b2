package dev.keel.storage.embedded;

import dev.keel.storage.Alert;
import dev.keel.storage.Event;
import dev.keel.storage.backend.AlertColumn;
import dev.keel.storage.backend.BackendException;
import dev.keel.storage.backend.Column;
import dev.keel.storage.backend.DeadLetter;
import dev.keel.storage.backend.DeadLetterColumn;
import dev.keel.storage.backend.EventColumn;
import dev.keel.storage.codec.InvalidRowException;
import dev.keel.storage.codec.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inserts into the DuckDB file: one transaction per insert (all or nothing), in multi-row
 * {@code INSERT} statements whose every value is a bound parameter; an interrupted writer's
 * insert is rolled back before its next statement. Events and alerts use
 * {@code INSERT OR IGNORE}: a row already there (same id and timestamp) is skipped, so an insert
 * sent again is idempotent.
 */
final class DuckDbInserts {

    private static final Logger log = LoggerFactory.getLogger(DuckDbInserts.class);

    /** Rows per INSERT statement: large enough to be quick, small enough to keep statements short. */
    private static final int ROWS_PER_STATEMENT = 200;

    /** Binds one row's values starting at parameter {@code at}; {@code index} is the row's place in the insert. */
    @FunctionalInterface
    interface RowBinder<T> {
        void bind(PreparedStatement statement, int at, T row, int index) throws SQLException;
    }

    private final DuckDbConnections connections;
    private final String schema;

    DuckDbInserts(DuckDbConnections connections, String schema) {
        this.connections = connections;
        this.schema = schema;
    }

    void events(List<Event> events) throws BackendException {
        String[] attributes = attributes(events);
        insert("events", EventColumn.values(), true, events, (statement, at, event, index) -> {
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
            statement.setString(at + 10, attributes[index]);
        });
    }

    void alerts(List<Alert> alerts) throws BackendException {
        insert("alerts", AlertColumn.values(), true, alerts, (statement, at, alert, index) -> {
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

    void deadLetters(List<DeadLetter> letters) throws BackendException {
        insert("dead_letters", DeadLetterColumn.values(), false, letters, (statement, at, letter, index) -> {
            statement.setLong(at, letter.failedAt());
            statement.setString(at + 1, letter.table());
            statement.setString(at + 2, letter.rowId());
            statement.setString(at + 3, letter.reason());
            statement.setString(at + 4, letter.payload());
        });
    }

    /** Every event's attributes as JSON; fails listing every event whose attributes cannot be written. */
    private static String[] attributes(List<Event> events) throws BackendException {
        String[] json = new String[events.size()];
        List<BackendException.InvalidRow> invalid = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            try {
                json[i] = Json.attributesJson(events.get(i).attributes(), events.get(i).eventId());
            } catch (InvalidRowException e) {
                invalid.add(new BackendException.InvalidRow(i, e.getMessage()));
            }
        }
        if (!invalid.isEmpty()) {
            throw BackendException.invalidRows("insert of " + events.size() + " rows into events", invalid);
        }
        return json;
    }

    /**
     * @param idempotent the table has a primary key, and a row already there is skipped rather than refused
     *     (package-private for the test that interrupts an insert between its statements)
     */
    <T> void insert(String table, Column[] columns, boolean idempotent, List<T> rows, RowBinder<T> binder)
            throws BackendException {
        if (rows.isEmpty()) {
            return;
        }
        Connection connection = connections.borrow();
        try {
            connection.setAutoCommit(false);
            for (int from = 0; from < rows.size(); from += ROWS_PER_STATEMENT) {
                if (Thread.currentThread().isInterrupted()) {
                    // Cancelled at the stop deadline: a statement in native code ignores interrupts,
                    // so the insert stops between statements, and its writer spools the rows instead.
                    DuckDbMigrator.rollbackQuietly(connection);
                    throw BackendException.transientFailure("insert of " + rows.size() + " rows into " + schema + "."
                            + table + " cancelled: the writer was interrupted", null);
                }
                int to = Math.min(rows.size(), from + ROWS_PER_STATEMENT);
                try (PreparedStatement statement = connection.prepareStatement(
                        insertSql(table, columns, idempotent, to - from))) {
                    for (int i = from; i < to; i++) {
                        binder.bind(statement, (i - from) * columns.length + 1, rows.get(i), i);
                    }
                    statement.execute();
                }
            }
            connection.commit();
        } catch (SQLException e) {
            DuckDbMigrator.rollbackQuietly(connection);
            throw DuckDbFailures.classify("insert of " + rows.size() + " rows into " + schema + "." + table, e,
                    rows.size());
        } catch (RuntimeException e) {
            DuckDbMigrator.rollbackQuietly(connection); // before autocommit is restored, which would commit the rest
            throw e;
        } finally {
            restoreAutoCommit(connection);
            connections.release(connection);
        }
    }

    private String insertSql(String table, Column[] columns, boolean idempotent, int rows) {
        String row = "(" + String.join(", ", Collections.nCopies(columns.length, "?")) + ")";
        return (idempotent ? "INSERT OR IGNORE INTO " : "INSERT INTO ") + schema + "." + table + " ("
                + DuckDbSchema.names(columns) + ") VALUES " + String.join(", ", Collections.nCopies(rows, row));
    }

    private static void restoreAutoCommit(Connection connection) {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            log.debug("storage: DuckDB autocommit reset failed", e);
        }
    }
}
