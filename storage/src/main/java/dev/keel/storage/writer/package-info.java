/**
 * The writing machinery behind {@code StorageComponent}: per-table ledgers (the counters and the
 * admission that keeps them consistent), the delivery of a batch (retry with backoff, isolation
 * of rejected rows, dead letters in one insert), the writers' handler and rescue (spool, or hold
 * while the spool is full), the spool replay (quarantine, isolation, progress), the write gate and
 * the sink's health. Internal to the storage module; reaches the database only through
 * {@code StorageBackend}.
 */
package dev.keel.storage.writer;
