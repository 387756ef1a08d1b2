package dev.keel.ingest.http;

import java.io.IOException;

/** The body, counted after decompression, passed max-body-size: the request gets 413. */
final class BodyTooLargeException extends IOException {

    BodyTooLargeException(long limit) {
        super("the body is larger than max-body-size " + limit + " bytes (counted after decompression)");
    }
}
