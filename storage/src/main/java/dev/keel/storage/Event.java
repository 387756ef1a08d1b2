package dev.keel.storage;

import java.util.Map;
import java.util.Objects;

/**
 * One normalized event, as ingest builds it, detect reads it and storage writes it.
 *
 * @param eventId the client's id (at most 128 characters) or a generated UUID
 * @param timestamp when it happened, epoch milliseconds
 * @param receivedAt when Keel received it, epoch milliseconds
 * @param source how it arrived: {@code http} or {@code syslog}
 * @param host the sending host, or {@code null}
 * @param user the common field {@code user}, or {@code null}
 * @param action the common field {@code action}, or {@code null}
 * @param srcIp the common field {@code src_ip}, or {@code null}
 * @param severity the common field {@code severity}, or {@code null}
 * @param message the common field {@code message}, or {@code null}
 * @param attributes every other field, as parsed JSON values (String, Number, Boolean, List,
 *     Map, or null); never {@code null} itself
 */
public record Event(
        String eventId,
        long timestamp,
        long receivedAt,
        String source,
        String host,
        String user,
        String action,
        String srcIp,
        String severity,
        String message,
        Map<String, Object> attributes) {

    public Event {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(source, "source");
        attributes = attributes == null ? Map.of() : attributes;
    }
}
