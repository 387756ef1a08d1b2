package dev.keel.storage.embedded;

import dev.keel.storage.backend.AlertColumn;
import dev.keel.storage.backend.Column;
import dev.keel.storage.backend.DeadLetterColumn;
import dev.keel.storage.backend.EventColumn;
import dev.keel.storage.backend.Migration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The DuckDB schema as a list of migrations, newest last, its columns taken from the column
 * definitions, with the checks ClickHouse makes by type (UInt64, Enum8) written as CHECK
 * constraints. Events and alerts have primary keys on (id, timestamp), as ClickHouse orders them:
 * a row written twice is kept once ({@code INSERT OR IGNORE}), while a different event that reuses
 * a client's id is kept too. Version 1 keyed them on the id alone; version 2 rebuilds them.
 */
final class DuckDbSchema {

    private DuckDbSchema() {}

    static String versionsTable(String schema) {
        return "CREATE TABLE IF NOT EXISTS " + schema + ".schema_versions ("
                + "version INTEGER PRIMARY KEY, description VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)";
    }

    static List<Migration> migrations(String schema) {
        return List.of(
                new Migration(1, "events, alerts and dead_letters tables", List.of(
                        table(schema, "events", EventColumn.values(), "PRIMARY KEY (event_id)"),
                        table(schema, "alerts", AlertColumn.values(), "PRIMARY KEY (alert_id)"),
                        table(schema, "dead_letters", DeadLetterColumn.values(), null))),
                new Migration(2, "events and alerts keyed on (id, timestamp)", List.of(
                        table(schema, "events_v2", EventColumn.values(), "PRIMARY KEY (event_id, \"timestamp\")"),
                        copy(schema, "events", EventColumn.values()),
                        "DROP TABLE " + schema + ".events",
                        "ALTER TABLE " + schema + ".events_v2 RENAME TO events",
                        table(schema, "alerts_v2", AlertColumn.values(), "PRIMARY KEY (alert_id, \"timestamp\")"),
                        copy(schema, "alerts", AlertColumn.values()),
                        "DROP TABLE " + schema + ".alerts",
                        "ALTER TABLE " + schema + ".alerts_v2 RENAME TO alerts")));
    }

    /** A column name as DuckDB SQL needs it ({@code user} is a keyword). */
    static String quoted(Column column) {
        return "\"" + column.column() + "\"";
    }

    static String names(Column[] columns) {
        return Arrays.stream(columns).map(DuckDbSchema::quoted).collect(Collectors.joining(", "));
    }

    private static String table(String schema, String name, Column[] columns, String key) {
        return "CREATE TABLE IF NOT EXISTS " + schema + "." + name + " ("
                + Arrays.stream(columns).map(c -> quoted(c) + " " + c.duckDbType()).collect(Collectors.joining(", "))
                + (key == null ? "" : ", " + key) + ")";
    }

    private static String copy(String schema, String table, Column[] columns) {
        return "INSERT INTO " + schema + "." + table + "_v2 (" + names(columns) + ") SELECT " + names(columns)
                + " FROM " + schema + "." + table;
    }
}
