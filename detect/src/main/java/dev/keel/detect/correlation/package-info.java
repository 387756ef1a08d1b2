/**
 * Correlation state: per correlation rule, one window per group-by key, bounded in number
 * (least recently used evicted) and in size (never more entries than the condition needs),
 * expired by the sweeper.
 *
 * <p>Knows the compiled {@link dev.keel.detect.rule.CorrelationRule} and nothing of events,
 * sinks or workers: callers pass times, ids and values in.
 */
package dev.keel.detect.correlation;
