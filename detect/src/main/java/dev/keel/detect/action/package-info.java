/**
 * Rule actions: the bounded action queue matchers submit to without waiting, the executor
 * that logs alerts or POSTs them to webhooks, and the per-target Resilience4j circuit breakers
 * with their idle cleanup.
 *
 * <p>Knows alerts, action specs and the lifecycle's queue; knows nothing of rules, matching or
 * storage sinks.
 */
package dev.keel.detect.action;
