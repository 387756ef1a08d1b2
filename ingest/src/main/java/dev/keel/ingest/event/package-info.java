/**
 * Normalization helpers HTTP and syslog share: generated event ids and RFC 3339 timestamps.
 * Knows nothing of transports, Spring or the lifecycle.
 */
package dev.keel.ingest.event;
