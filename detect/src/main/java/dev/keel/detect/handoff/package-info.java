/**
 * Getting what detect accepted to storage: {@link dev.keel.detect.handoff.StorageHandoff} (waits
 * while storage is full, in halving chunks: the backpressure ingest feels), the rescue spool for
 * what cannot be handed on (local JSON-lines files), and {@link dev.keel.detect.handoff.SpoolReplayer},
 * which hands spooled items on again while the component runs. Nothing accepted is dropped
 * silently: it is stored, spooled, or logged and counted lost.
 *
 * <p>Knows the storage contract ({@code Event}, {@code Alert}, {@code EventSink}, {@code AlertSink}),
 * the lifecycle's worker context and the meters; knows nothing of rules, matching or actions.
 */
package dev.keel.detect.handoff;
