package dev.keel.ingest.http;

/**
 * One event of a request is invalid; the message names the problem and goes to the client in
 * the {@code errors} list. The rest of the request is unaffected.
 */
final class InvalidEventException extends Exception {

    InvalidEventException(String message) {
        super(message, null, false, false);
    }
}
