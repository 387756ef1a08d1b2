/**
 * The small interface every storage backend implements (ClickHouse, the embedded DuckDB file),
 * the vocabulary of write failures the writers act on, and the tables' columns, defined once for
 * both backends and the codecs. Backends know tables and SQL; they know nothing of queues,
 * retries, the spool or counters.
 */
package dev.keel.storage.backend;
