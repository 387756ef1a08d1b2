package dev.keel.ingest.http;

import java.io.IOException;

/** The body is not UTF-8 text: the request gets 400, naming the byte where it broke. */
final class NotUtf8Exception extends IOException {

    NotUtf8Exception(String message) {
        super(message);
    }
}
