package dev.keel.ingest.http;

/** The body as a whole cannot be taken (not JSON, too many events...): nothing of it is queued. */
final class RefusedBodyException extends Exception {

    private final int status;

    RefusedBodyException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
