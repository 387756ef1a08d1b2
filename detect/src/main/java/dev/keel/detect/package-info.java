/**
 * The detect component: {@link dev.keel.detect.DetectComponent} (detect's input queue, fed by
 * ingest, and the wiring of its workers), its configuration {@link dev.keel.detect.DetectProperties},
 * its status, the matching pipeline, the rules-directory watcher and reloader, and how webhooks
 * sit in the lifecycle.
 *
 * <p>Knows the storage contract ({@code Event}, {@code Alert}, {@code EventSink},
 * {@code AlertSink}), the lifecycle and every package below it; knows nothing of storage's
 * internals, of ingest, or of Spring beyond the properties annotations.
 */
package dev.keel.detect;
