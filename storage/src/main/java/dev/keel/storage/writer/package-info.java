/**
 * The writing machinery behind {@code StorageComponent}: per-table ledgers (the counters and the
 * admission that keeps them consistent), the delivery of a batch (retry with backoff, bisection
 * to find rejected rows, dead letters, spool), the spool replayer, and the sink's health. Internal
 * to the storage module; reaches the database only through {@code StorageBackend}.
 */
package dev.keel.storage.writer;
