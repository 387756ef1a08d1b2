package dev.keel.ingest.http;

import java.io.IOException;

/** The body did not arrive within body-timeout: the request gets 408. */
final class BodyTimeoutException extends IOException {

    BodyTimeoutException(long timeoutMillis) {
        super("the body took longer than body-timeout " + timeoutMillis + " ms to arrive");
    }
}
