package dev.keel.storage.embedded;

import dev.keel.storage.backend.Migration;
import java.util.List;

/**
 * The DuckDB schema as a list of migrations, newest last. The same columns as ClickHouse, with
 * the checks ClickHouse makes by type (UInt64, Enum8) written as CHECK constraints, and primary
 * keys so that a row written twice is kept once.
 */
final class DuckDbSchema {

    private DuckDbSchema() {}

    static String versionsTable(String schema) {
        return "CREATE TABLE IF NOT EXISTS " + schema + ".schema_versions ("
                + "version INTEGER PRIMARY KEY, description VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)";
    }

    static List<Migration> migrations(String schema) {
        return List.of(new Migration(1, "events, alerts and dead_letters tables", List.of(
                "CREATE TABLE IF NOT EXISTS " + schema + ".events ("
                        + "event_id VARCHAR PRIMARY KEY, "
                        + "timestamp BIGINT NOT NULL CHECK (timestamp >= 0), "
                        + "received_at BIGINT NOT NULL CHECK (received_at >= 0), "
                        + "source VARCHAR NOT NULL, "
                        + "host VARCHAR, \"user\" VARCHAR, action VARCHAR, src_ip VARCHAR, severity VARCHAR, message VARCHAR, "
                        + "attributes VARCHAR NOT NULL)",
                "CREATE TABLE IF NOT EXISTS " + schema + ".alerts ("
                        + "alert_id VARCHAR PRIMARY KEY, "
                        + "rule_id VARCHAR NOT NULL, "
                        + "rule_title VARCHAR, "
                        + "level VARCHAR NOT NULL CHECK (level IN ('informational', 'low', 'medium', 'high', 'critical')), "
                        + "timestamp BIGINT NOT NULL CHECK (timestamp >= 0), "
                        + "group_key VARCHAR NOT NULL, "
                        + "event_ids VARCHAR[] NOT NULL, "
                        + "summary VARCHAR)",
                "CREATE TABLE IF NOT EXISTS " + schema + ".dead_letters ("
                        + "failed_at BIGINT NOT NULL, table_name VARCHAR NOT NULL, row_id VARCHAR NOT NULL, "
                        + "reason VARCHAR NOT NULL, payload VARCHAR NOT NULL)")));
    }
}
