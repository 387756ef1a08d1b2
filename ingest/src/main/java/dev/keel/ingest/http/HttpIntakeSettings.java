package dev.keel.ingest.http;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the HTTP intake needs of ingest's configuration, in plain units.
 *
 * @param apiKeys accepted {@code X-API-Key} values; empty: no authentication
 * @param maxBodyBytes the largest body, counted as sent and again after decompression
 * @param maxEventBytes the largest single event
 * @param maxDepth the deepest nesting in one event, the event object counting as 1
 * @param maxFields the most object members in one event, at every depth
 * @param maxEvents the most events in one request
 * @param maxConcurrentRequests the most requests read, parsed and admitted at once
 * @param maxConcurrentRequestsPerPeer how many of those one client address may hold
 *     ({@link dev.keel.ingest.net.PeerSlots})
 * @param admissionWait how long to wait for room downstream before answering 429
 * @param bodyTimeout how long the whole body may take to arrive before the answer is 408
 * @param minBodyBytesPerSecond the slowest a body may arrive after a 2 s allowance before the
 *     answer is 408; 0 for no such check
 * @param retryAfter what 429 and 503 answers put in {@code Retry-After}
 * @param inputs the named inputs ({@code /api/v1/inputs/{name}/events}), each with the log source
 *     its events get unless they carry their own
 */
public record HttpIntakeSettings(List<String> apiKeys, long maxBodyBytes, int maxEventBytes, int maxDepth,
        int maxFields, int maxEvents, int maxConcurrentRequests, int maxConcurrentRequestsPerPeer,
        Duration admissionWait, Duration bodyTimeout,
        long minBodyBytesPerSecond, Duration retryAfter, Map<String, Map<String, String>> inputs) {

    public HttpIntakeSettings {
        apiKeys = List.copyOf(apiKeys);
        inputs = Map.copyOf(inputs);
        Objects.requireNonNull(admissionWait, "admissionWait");
        Objects.requireNonNull(bodyTimeout, "bodyTimeout");
        Objects.requireNonNull(retryAfter, "retryAfter");
        if (maxBodyBytes < 1 || maxEventBytes < 1 || maxDepth < 1 || maxFields < 1 || maxEvents < 1
                || maxConcurrentRequests < 1 || maxConcurrentRequestsPerPeer < 1
                || minBodyBytesPerSecond < 0) {
            throw new IllegalArgumentException("HTTP intake limits must be positive (min-body-rate may be 0): "
                    + limits());
        }
    }

    /** {@code Retry-After} in whole seconds, rounded up, at least 1. */
    long retryAfterSeconds() {
        long seconds = retryAfter.toSeconds() + (retryAfter.toNanosPart() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }

    /** Like the record's own, but with the API keys masked: they are secrets, and a toString ends up in logs. */
    @Override
    public String toString() {
        return "HttpIntakeSettings[apiKeys=" + apiKeys.size() + " masked, " + limits() + "]";
    }

    private String limits() {
        return "maxBodyBytes=" + maxBodyBytes + ", maxEventBytes=" + maxEventBytes + ", maxDepth=" + maxDepth
                + ", maxFields=" + maxFields + ", maxEvents=" + maxEvents + ", maxConcurrentRequests="
                + maxConcurrentRequests + ", maxConcurrentRequestsPerPeer=" + maxConcurrentRequestsPerPeer
                + ", admissionWait=" + admissionWait + ", bodyTimeout=" + bodyTimeout
                + ", minBodyBytesPerSecond=" + minBodyBytesPerSecond + ", retryAfter=" + retryAfter + ", inputs="
                + inputs;
    }
}
