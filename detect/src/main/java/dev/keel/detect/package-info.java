/**
 * The detect component: {@link dev.keel.detect.DetectComponent} (detect's input queue, fed by
 * ingest, and its workers), its configuration {@link dev.keel.detect.DetectProperties}, its
 * status, the hand-off to storage with backpressure and rescue, and the rules-directory watcher.
 *
 * <p>Knows the storage contract ({@code Event}, {@code Alert}, {@code EventSink},
 * {@code AlertSink}) and the lifecycle; knows nothing of storage's internals, of ingest, or of
 * Spring beyond the properties annotations.
 */
package dev.keel.detect;
