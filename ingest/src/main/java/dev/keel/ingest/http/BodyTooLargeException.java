package dev.keel.ingest.http;

import java.io.IOException;

/** The body passed max-body-size, as sent or after decompression: the request gets 413. */
final class BodyTooLargeException extends IOException {

    BodyTooLargeException(String message) {
        super(message);
    }
}
