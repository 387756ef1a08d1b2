/**
 * The storage benchmark: rows per second the ClickHouse writer pool sustains, against
 * ClickHouse's own bulk {@code INSERT ... FORMAT JSONEachRow} of the same rows from a file.
 * See {@code docs/storage.md}, section Performance.
 */
package dev.keel.bench.storage;
