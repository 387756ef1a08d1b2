/**
 * The small interface every storage backend implements (ClickHouse, the embedded DuckDB file),
 * and the vocabulary of write failures the writers act on. Backends know tables and SQL; they
 * know nothing of queues, retries, the spool or counters.
 */
package dev.keel.storage.backend;
