/**
 * Rule actions: the bounded action queue matchers submit to without waiting, the executor
 * that logs alerts or POSTs them to webhooks (bounded by a timeout that covers the whole
 * exchange), and the per-target Resilience4j circuit breakers with their idle cleanup.
 *
 * <p>Knows the storage {@code Alert}, the rules' {@code ActionSpec}, the lifecycle's
 * {@code WorkQueue} and the meters; knows nothing of matching, correlation windows or the
 * storage sinks.
 */
package dev.keel.detect.action;
