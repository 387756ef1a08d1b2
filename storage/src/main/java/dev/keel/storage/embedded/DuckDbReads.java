package dev.keel.storage.embedded;

import dev.keel.storage.Alert;
import dev.keel.storage.Event;
import dev.keel.storage.backend.AlertColumn;
import dev.keel.storage.backend.BackendException;
import dev.keel.storage.backend.Column;
import dev.keel.storage.backend.EventColumn;
import dev.keel.storage.backend.RecentWindow;
import dev.keel.storage.codec.Json;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Reads of the newest rows, one per id, window by window as {@link RecentWindow} says, and of
 * events by id; every value (the window's bounds, the limit, the ids) is a bound parameter.
 */
final class DuckDbReads {

    @FunctionalInterface
    private interface RowReader<T> {
        T read(ResultSet row) throws SQLException;
    }

    private final DuckDbConnections connections;
    private final String schema;

    DuckDbReads(DuckDbConnections connections, String schema) {
        this.connections = connections;
        this.schema = schema;
    }

    List<Event> events(int limit) throws BackendException {
        return recent("events", EventColumn.values(), EventColumn.EVENT_ID, limit, DuckDbReads::event);
    }

    List<Event> eventsById(Set<String> ids) throws BackendException {
        String sql = "SELECT " + DuckDbSchema.names(EventColumn.values()) + " FROM " + schema + ".events"
                + " WHERE " + DuckDbSchema.quoted(EventColumn.EVENT_ID) + " IN (SELECT unnest(?))"
                + " QUALIFY row_number() OVER (PARTITION BY " + DuckDbSchema.quoted(EventColumn.EVENT_ID)
                + " ORDER BY \"timestamp\" DESC) = 1"
                + " ORDER BY \"timestamp\" DESC, " + DuckDbSchema.quoted(EventColumn.EVENT_ID) + " DESC";
        Connection connection = connections.borrow();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, connection.createArrayOf("VARCHAR", ids.toArray()));
            List<Event> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(event(result));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw DuckDbFailures.classify("read", e, 0);
        } finally {
            connections.release(connection);
        }
    }

    private static Event event(ResultSet row) throws SQLException {
        return new Event(row.getString(1), row.getLong(2), row.getLong(3), row.getString(4), row.getString(5),
                row.getString(6), row.getString(7), row.getString(8), row.getString(9), row.getString(10),
                Json.attributes(row.getString(11)));
    }

    List<Alert> alerts(int limit) throws BackendException {
        return recent("alerts", AlertColumn.values(), AlertColumn.ALERT_ID, limit, row -> new Alert(
                row.getString(1), row.getString(2), row.getString(3), row.getString(4), row.getLong(5),
                row.getString(6), strings(row.getArray(7)), row.getString(8)));
    }

    private <T> List<T> recent(String table, Column[] columns, Column id, int limit, RowReader<T> reader)
            throws BackendException {
        String sql = "SELECT " + DuckDbSchema.names(columns) + " FROM " + schema + "." + table
                + " WHERE \"timestamp\" <= ? AND \"timestamp\" >= ?"
                + " QUALIFY row_number() OVER (PARTITION BY " + DuckDbSchema.quoted(id)
                + " ORDER BY \"timestamp\" DESC) = 1"
                + " ORDER BY \"timestamp\" DESC, " + DuckDbSchema.quoted(id) + " DESC LIMIT ?";
        long now = System.currentTimeMillis();
        List<Duration> windows = new ArrayList<>(RecentWindow.WIDENING);
        windows.add(null);
        Connection connection = connections.borrow();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            List<T> rows = List.of();
            for (Duration window : windows) {
                statement.setLong(1, now + RecentWindow.FUTURE_SKEW.toMillis());
                statement.setLong(2, window == null ? Long.MIN_VALUE : now - window.toMillis());
                statement.setInt(3, limit);
                rows = new ArrayList<>();
                try (ResultSet result = statement.executeQuery()) {
                    while (result.next()) {
                        rows.add(reader.read(result));
                    }
                }
                if (rows.size() >= limit) {
                    break;
                }
            }
            return rows;
        } catch (SQLException e) {
            throw DuckDbFailures.classify("read", e, 0);
        } finally {
            connections.release(connection);
        }
    }

    private static List<String> strings(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        return Arrays.stream((Object[]) array.getArray()).map(String::valueOf).toList();
    }
}
