/**
 * The embedded backend: a DuckDB file under {@code keel.storage.data-dir}, so that Keel runs with
 * nothing else installed. Same tables, same failure kinds as ClickHouse; primary keys on
 * (id, timestamp) make inserts idempotent ({@code INSERT OR IGNORE}). Knows SQL; knows nothing of
 * queues, retries or the spool.
 */
package dev.keel.storage.embedded;
