/**
 * The rescue spool: local JSON-lines files for events and alerts detect accepted but could not
 * hand to storage, and their replay at the next start. Nothing accepted is dropped silently.
 *
 * <p>Knows the storage records and the lifecycle's worker context; knows nothing of rules or
 * matching.
 */
package dev.keel.detect.spool;
