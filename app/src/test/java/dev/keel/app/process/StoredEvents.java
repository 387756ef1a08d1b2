package dev.keel.app.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The events in an embedded storage's DuckDB file ({@code <data-dir>/<database>.duckdb}), read
 * with DuckDB's JDBC driver in read-only mode once no Keel holds the file open.
 *
 * @param rows rows in the events table
 * @param distinctIds distinct event ids among them
 * @param httpIds the ids of events that came in over HTTP
 * @param syslogMessages the message text of events that came in over syslog
 */
public record StoredEvents(long rows, long distinctIds, Set<String> httpIds, List<String> syslogMessages) {

    public static StoredEvents read(Path dataDir, String database) throws SQLException {
        Path file = dataDir.resolve(database + ".duckdb");
        if (!Files.exists(file)) {
            throw new AssertionError("no DuckDB file at " + file);
        }
        Properties readOnly = new Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        String table = database + ".main.events";
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file, readOnly);
                Statement statement = connection.createStatement()) {
            long rows;
            long distinct;
            try (ResultSet counts = statement.executeQuery(
                    "SELECT count(*), count(DISTINCT event_id) FROM " + table)) {
                counts.next();
                rows = counts.getLong(1);
                distinct = counts.getLong(2);
            }
            Set<String> httpIds = new HashSet<>();
            List<String> syslogMessages = new ArrayList<>();
            try (ResultSet events = statement.executeQuery("SELECT event_id, source, message FROM " + table)) {
                while (events.next()) {
                    switch (events.getString(2)) {
                        case "http" -> httpIds.add(events.getString(1));
                        case "syslog" -> syslogMessages.add(events.getString(3));
                        default -> throw new AssertionError("an event from an unexpected source: " + events.getString(2));
                    }
                }
            }
            return new StoredEvents(rows, distinct, httpIds, syslogMessages);
        }
    }

    /** How many stored syslog messages carry each whole mark ({@link SyslogLoad#MARK}). */
    public Map<String, Long> syslogMarks() {
        return syslogMessages.stream().map(SyslogLoad::markIn).filter(mark -> mark != null)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    /** Stored syslog messages without a whole mark: frames a stop cut short. */
    public long syslogWithoutMark() {
        return syslogMessages.stream().filter(message -> SyslogLoad.markIn(message) == null).count();
    }

    public String summary() {
        return rows + " rows (" + distinctIds + " distinct ids): " + httpIds.size() + " from HTTP, "
                + syslogMessages.size() + " from syslog (" + syslogWithoutMark() + " without a whole mark)";
    }
}
