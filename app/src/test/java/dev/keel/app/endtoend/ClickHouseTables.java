package dev.keel.app.endtoend;

import dev.keel.storage.testing.ClickHouseHttp;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keel's tables in one ClickHouse database, read over ClickHouse's own HTTP interface,
 * independently of the code under test.
 *
 * <p>"Raw" reads see every row ever inserted. The tables are ReplacingMergeTrees, so a row
 * inserted twice collapses into one only when a background merge happens to join the two parts;
 * {@link #stopMerges()} keeps that from happening during a test, so a raw count also reveals
 * a double insert that a merge would otherwise hide. {@code FINAL} reads what a user sees.
 */
final class ClickHouseTables {

    private final ClickHouseHttp http;
    private final String database;
    private final JsonMapper json = JsonMapper.builder().build();

    ClickHouseTables(ClickHouseHttp http, String database) {
        this.http = http;
        this.database = database;
    }

    String database() {
        return database;
    }

    /** No background merges on {@code events} and {@code alerts} (the server keeps this until it restarts). */
    void stopMerges() throws IOException {
        http.query("SYSTEM STOP MERGES " + database + ".events");
        http.query("SYSTEM STOP MERGES " + database + ".alerts");
    }

    long rawCount(String table) throws IOException {
        return http.queryLong("SELECT count() FROM " + database + "." + table);
    }

    long finalCount(String table) throws IOException {
        return http.queryLong("SELECT count() FROM " + database + "." + table + " FINAL");
    }

    long distinctEventIds() throws IOException {
        return http.queryLong("SELECT uniqExact(event_id) FROM " + database + ".events");
    }

    /** Active data parts of a table (each insert makes one; without merges they add up). */
    long parts(String table) throws IOException {
        return http.queryLong("SELECT count() FROM system.parts WHERE active AND database = '" + database
                + "' AND table = '" + table + "'");
    }

    /** Raw rows per {@code event_id} of the events from one source ({@code http} or {@code syslog}). */
    Map<String, Long> rowsPerEventId(String source) throws IOException {
        Map<String, Long> rows = new HashMap<>();
        for (String line : lines("SELECT event_id, count() FROM " + database + ".events WHERE source = '" + source
                + "' GROUP BY event_id FORMAT TabSeparated")) {
            int tab = line.indexOf('\t');
            rows.put(line.substring(0, tab), Long.parseLong(line.substring(tab + 1)));
        }
        return rows;
    }

    /** Raw rows per syslog message text, and whether ingest marked them as cut short. */
    List<SyslogRows> syslogRows() throws IOException {
        List<SyslogRows> rows = new ArrayList<>();
        for (String line : lines("SELECT count(), max(position(attributes, 'parse_error') > 0), message FROM "
                + database + ".events WHERE source = 'syslog' GROUP BY message FORMAT TabSeparated")) {
            String[] fields = line.split("\t", 3);
            rows.add(new SyslogRows(fields[2], Long.parseLong(fields[0]), fields[1].equals("1")));
        }
        return rows;
    }

    /** Raw alerts of one rule, as ClickHouse returns them. */
    List<StoredAlert> alerts(String ruleId) throws IOException {
        List<StoredAlert> alerts = new ArrayList<>();
        for (String line : lines("SELECT alert_id, rule_id, level, group_key, event_ids FROM " + database
                + ".alerts WHERE rule_id = '" + ruleId + "' FORMAT JSONEachRow")) {
            JsonNode row = json.readTree(line);
            List<String> eventIds = new ArrayList<>();
            row.path("event_ids").forEach(id -> eventIds.add(id.asString()));
            alerts.add(new StoredAlert(row.path("alert_id").asString(), row.path("rule_id").asString(),
                    row.path("level").asString(), row.path("group_key").asString(), eventIds));
        }
        return alerts;
    }

    private List<String> lines(String sql) throws IOException {
        return http.query(sql).lines().filter(line -> !line.isEmpty()).toList();
    }

    /**
     * One syslog message text and how many raw rows hold it.
     *
     * @param message the stored message
     * @param rows raw rows with that text
     * @param cutShort ingest kept it as a raw event with a {@code parse_error} (a frame the stop cut short)
     */
    record SyslogRows(String message, long rows, boolean cutShort) {}

    /** An alert row. */
    record StoredAlert(String alertId, String ruleId, String level, String groupKey, List<String> eventIds) {}
}
