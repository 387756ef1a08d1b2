/**
 * The one JSON shape of each stored row, shared by everything that writes or reads rows as text:
 * ClickHouse's {@code JSONEachRow} inserts and reads, the spool files, and dead-letter payloads.
 * Column names are ClickHouse's ({@code event_id}, {@code src_ip}, ...). Internal to the storage
 * module; knows nothing of backends, queues or files.
 */
package dev.keel.storage.codec;
