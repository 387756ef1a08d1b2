/**
 * The ingest module: {@link dev.keel.ingest.IngestComponent} (the lifecycle component that owns
 * the HTTP admission gate and the syslog listeners and their worker pool) and
 * {@link dev.keel.ingest.IngestProperties} ({@code keel.ingest.*}). Depends on the storage
 * contract ({@code Event}, {@code EventSink}) and the lifecycle; knows nothing of detect, which
 * the application wires in as the downstream {@code EventSink}.
 */
package dev.keel.ingest;
