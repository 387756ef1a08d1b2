package dev.keel.ingest.http;

/**
 * What to answer.
 *
 * @param status the HTTP status
 * @param body the JSON body: {@link AcceptedBody}, {@link RejectedBody} or {@link ErrorBody}
 * @param retryAfterSeconds the {@code Retry-After} header, or 0 for none
 */
public record IntakeResponse(int status, Object body, long retryAfterSeconds) {

    static IntakeResponse error(int status, String message) {
        return new IntakeResponse(status, new ErrorBody(status, message), 0);
    }

    static IntakeResponse retryLater(int status, String message, long retryAfterSeconds) {
        return new IntakeResponse(status, new ErrorBody(status, message), retryAfterSeconds);
    }
}
