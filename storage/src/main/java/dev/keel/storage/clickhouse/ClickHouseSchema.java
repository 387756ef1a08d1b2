package dev.keel.storage.clickhouse;

import dev.keel.storage.backend.AlertColumn;
import dev.keel.storage.backend.Column;
import dev.keel.storage.backend.DeadLetterColumn;
import dev.keel.storage.backend.EventColumn;
import dev.keel.storage.backend.Migration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The ClickHouse schema as a list of migrations, newest last, its columns taken from the column
 * definitions. Types 18.16 has: no DateTime64 (timestamps are epoch milliseconds in UInt64, which
 * also refuses negative values), no LowCardinality.
 *
 * <p>Events and alerts are ReplacingMergeTree tables ordered by (timestamp, id): a row written
 * twice collapses to one when parts merge (not guaranteed to happen soon; reads de-duplicate by id
 * meanwhile). Where the server can (version 2, {@link ServerFeatures#deduplication()}), a retried
 * or replayed insert is skipped at insert time instead. A migration the server cannot run is left
 * for later: the schema stays at the version before it until a server that can is connected.
 */
final class ClickHouseSchema {

    /** How many recent inserts a table remembers, to skip one sent again. */
    static final int DEDUPLICATION_WINDOW = 1_000;

    private ClickHouseSchema() {}

    static String versionsTable(String database) {
        return "CREATE TABLE IF NOT EXISTS " + database + ".schema_versions ("
                + "version UInt32, description String, applied_at DateTime"
                + ") ENGINE = ReplacingMergeTree ORDER BY version";
    }

    static List<Migration> migrations(String database, ServerFeatures features) {
        List<Migration> migrations = new ArrayList<>();
        migrations.add(new Migration(1, "events, alerts and dead_letters tables", List.of(
                "CREATE TABLE IF NOT EXISTS " + database + ".events (" + columns(EventColumn.values())
                        + ", event_date Date MATERIALIZED toDate(toDateTime(intDiv(timestamp, 1000)))"
                        + ") ENGINE = ReplacingMergeTree PARTITION BY toYYYYMM(event_date) ORDER BY (timestamp, event_id)",
                "CREATE TABLE IF NOT EXISTS " + database + ".alerts (" + columns(AlertColumn.values())
                        + ", alert_date Date MATERIALIZED toDate(toDateTime(intDiv(timestamp, 1000)))"
                        + ") ENGINE = ReplacingMergeTree PARTITION BY toYYYYMM(alert_date) ORDER BY (timestamp, alert_id)",
                "CREATE TABLE IF NOT EXISTS " + database + ".dead_letters (" + columns(DeadLetterColumn.values())
                        + ", failed_date Date MATERIALIZED toDate(toDateTime(intDiv(failed_at, 1000)))"
                        + ") ENGINE = MergeTree PARTITION BY toYYYYMM(failed_date) ORDER BY (table_name, failed_at)")));
        if (features.deduplication()) {
            migrations.add(new Migration(2, "insert de-duplication window on events and alerts", List.of(
                    "ALTER TABLE " + database + ".events MODIFY SETTING " + ServerFeatures.DEDUPLICATION_WINDOW + " = "
                            + DEDUPLICATION_WINDOW,
                    "ALTER TABLE " + database + ".alerts MODIFY SETTING " + ServerFeatures.DEDUPLICATION_WINDOW + " = "
                            + DEDUPLICATION_WINDOW)));
        }
        return migrations;
    }

    private static String columns(Column[] columns) {
        return Arrays.stream(columns).map(c -> c.column() + " " + c.clickHouseType()).collect(Collectors.joining(", "));
    }
}
