package dev.keel.ingest.http;

import java.io.IOException;

/** The body arrived too slowly (past body-timeout, or below min-body-rate): the request gets 408. */
final class BodyTimeoutException extends IOException {

    BodyTimeoutException(String message) {
        super(message);
    }
}
