package dev.keel.ingest.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * One HTTP ingest request as the intake sees it, free of the servlet API.
 *
 * @param format which endpoint it came to
 * @param contentType the {@code Content-Type} header, or null
 * @param contentEncoding the {@code Content-Encoding} header, or null
 * @param contentLength the {@code Content-Length}, or -1 if unknown (chunked)
 * @param apiKey the {@code X-API-Key} header, or null
 * @param body opens the raw (possibly compressed) body; called at most once
 */
public record IntakeRequest(BodyFormat format, String contentType, String contentEncoding, long contentLength,
        String apiKey, Body body) {

    public IntakeRequest {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(body, "body");
    }

    /** The raw request body. */
    @FunctionalInterface
    public interface Body {
        InputStream open() throws IOException;
    }
}
