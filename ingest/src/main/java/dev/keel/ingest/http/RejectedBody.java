package dev.keel.ingest.http;

import java.util.List;

/**
 * The 400 answer to a request none of whose events is valid: the {@link AcceptedBody} fields,
 * with {@code accepted} 0, and an {@code error} that says so.
 */
public record RejectedBody(String error, int accepted, int rejected, List<EventError> errors) {}
