package dev.keel.storage.clickhouse;

import dev.keel.storage.backend.Migration;
import java.util.List;

/**
 * The ClickHouse schema as a list of migrations, newest last. Types 18.16 has: no DateTime64
 * (timestamps are epoch milliseconds in UInt64, which also refuses negative values), no
 * LowCardinality.
 *
 * <p>Events and alerts are ReplacingMergeTree tables ordered by (timestamp, id): a row written
 * twice (an insert whose answer was lost and was retried, a spool segment replayed again after
 * a crash) collapses to one, and reads de-duplicate by id until the merge has happened.
 */
final class ClickHouseSchema {

    static final int CURRENT_VERSION = 1;

    private ClickHouseSchema() {}

    static String versionsTable(String database) {
        return "CREATE TABLE IF NOT EXISTS " + database + ".schema_versions ("
                + "version UInt32, description String, applied_at DateTime"
                + ") ENGINE = ReplacingMergeTree ORDER BY version";
    }

    static List<Migration> migrations(String database) {
        return List.of(new Migration(1, "events, alerts and dead_letters tables", List.of(
                "CREATE TABLE IF NOT EXISTS " + database + ".events ("
                        + "event_id String, "
                        + "timestamp UInt64, "
                        + "received_at UInt64, "
                        + "source String, "
                        + "host Nullable(String), "
                        + "user Nullable(String), "
                        + "action Nullable(String), "
                        + "src_ip Nullable(String), "
                        + "severity Nullable(String), "
                        + "message Nullable(String), "
                        + "attributes String, "
                        + "event_date Date MATERIALIZED toDate(toDateTime(intDiv(timestamp, 1000)))"
                        + ") ENGINE = ReplacingMergeTree PARTITION BY toYYYYMM(event_date) ORDER BY (timestamp, event_id)",
                "CREATE TABLE IF NOT EXISTS " + database + ".alerts ("
                        + "alert_id String, "
                        + "rule_id String, "
                        + "rule_title Nullable(String), "
                        + "level Enum8('informational' = 1, 'low' = 2, 'medium' = 3, 'high' = 4, 'critical' = 5), "
                        + "timestamp UInt64, "
                        + "group_key String, "
                        + "event_ids Array(String), "
                        + "summary Nullable(String), "
                        + "alert_date Date MATERIALIZED toDate(toDateTime(intDiv(timestamp, 1000)))"
                        + ") ENGINE = ReplacingMergeTree PARTITION BY toYYYYMM(alert_date) ORDER BY (timestamp, alert_id)",
                "CREATE TABLE IF NOT EXISTS " + database + ".dead_letters ("
                        + "failed_at UInt64, "
                        + "table_name String, "
                        + "row_id String, "
                        + "reason String, "
                        + "payload String, "
                        + "failed_date Date MATERIALIZED toDate(toDateTime(intDiv(failed_at, 1000)))"
                        + ") ENGINE = MergeTree PARTITION BY toYYYYMM(failed_date) ORDER BY (table_name, failed_at)")));
    }
}
