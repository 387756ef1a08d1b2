/**
 * Local files for rows the database cannot take now: the spool (append-only segment files,
 * fsynced before their rows count as spooled, replayed later with their progress recorded, put
 * right after a crash, claimed by one generation at a time with a lock, bounded by a size budget)
 * and the dead-letter files (for rejected rows when even the {@code dead_letters} table cannot be
 * written). Knows files and the row codecs; knows nothing of backends, queues or counters.
 */
package dev.keel.storage.spool;
