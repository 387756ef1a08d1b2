/**
 * HTTP ingestion: the Spring MVC controller ({@link dev.keel.ingest.http.EventsController}), the
 * servlet-free intake behind it (auth, media types, gzip, limits, JSON and NDJSON parsing with
 * per-event errors, normalization) and the admission gate to downstream. Knows the storage
 * contract ({@code Event}, {@code EventSink}) and nothing of syslog, detect or the component.
 */
package dev.keel.ingest.http;
