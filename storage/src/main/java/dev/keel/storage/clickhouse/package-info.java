/**
 * The ClickHouse backend: clickhouse-java's client-v2 over HTTP, {@code JSONEachRow} in both
 * directions, so that one code path works on 18.16 (Debian's package, what CI runs) and on
 * current releases. Server differences are probed once at start ({@link
 * dev.keel.storage.clickhouse.ServerFeatures}) rather than guessed from version numbers. Knows
 * SQL and the server's error codes; knows nothing of queues, retries or the spool.
 */
package dev.keel.storage.clickhouse;
