/**
 * The ClickHouse backend: clickhouse-java's client-v2 over HTTP; inserts in {@code RowBinary}
 * (the default, values checked before sending) or {@code JSONEachRow}, reads in
 * {@code JSONEachRow}, so that one code path works on 18.16 (Debian's package, what CI runs) and
 * on current releases. Server differences are probed rather than guessed from version numbers
 * ({@link dev.keel.storage.clickhouse.ServerFeatures}), again whenever the server comes back after
 * being unreachable. Knows SQL and the server's error codes; knows nothing of queues, retries or
 * the spool.
 */
package dev.keel.storage.clickhouse;
