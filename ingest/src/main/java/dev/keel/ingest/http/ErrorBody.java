package dev.keel.ingest.http;

/** Every other error answer: {@code {"status": 413, "error": "what is wrong"}}. */
public record ErrorBody(int status, String error) {}
