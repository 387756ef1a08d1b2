/**
 * Storage: the contracts the data path is built on ({@link dev.keel.storage.Event},
 * {@link dev.keel.storage.Alert}, {@link dev.keel.storage.EventSink},
 * {@link dev.keel.storage.AlertSink}), and {@link dev.keel.storage.StorageComponent}, which writes
 * events and alerts to ClickHouse or an embedded DuckDB file and accounts for every row it
 * accepted. Configuration is {@link dev.keel.storage.StorageProperties} ({@code keel.storage.*}).
 * Knows nothing of ingest, detect, HTTP or Spring wiring. See {@code docs/storage.md}.
 */
package dev.keel.storage;
