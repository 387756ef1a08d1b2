/**
 * What the detect component tells operators besides its status: its Micrometer meters (names,
 * tags and the one class that registers them) and {@link dev.keel.detect.metrics.LogThrottle},
 * which keeps repeated warnings from flooding the log. Knows Micrometer and nothing else of the
 * module.
 */
package dev.keel.detect.metrics;
