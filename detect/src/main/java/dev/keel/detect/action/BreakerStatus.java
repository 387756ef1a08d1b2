package dev.keel.detect.action;

import java.time.Instant;

/**
 * One webhook target's circuit breaker, as the status endpoint shows it.
 *
 * @param target scheme, host and port
 * @param state CLOSED, OPEN, HALF_OPEN (Resilience4j's states)
 * @param failureRate percentage of failed calls in the sliding window, or -1 until enough calls were made
 * @param lastUsed when an action last went to this target
 */
public record BreakerStatus(String target, String state, float failureRate, Instant lastUsed) {}
