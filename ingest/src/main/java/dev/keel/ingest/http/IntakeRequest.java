package dev.keel.ingest.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * One HTTP ingest request as the intake sees it, free of the servlet API.
 *
 * @param format which endpoint it came to
 * @param contentType the {@code Content-Type} header, or null
 * @param contentEncodings every {@code Content-Encoding} header, in order (none: an empty list)
 * @param contentLength the {@code Content-Length}, or -1 if unknown (chunked)
 * @param apiKey the {@code X-API-Key} header, or null
 * @param peer the client's address, whose share of the request slots this request takes; null
 *     for a client limited by the total only (an exempt aggregator)
 * @param body opens the raw (possibly compressed) body; called at most once
 * @param input the named input it was sent to ({@code /api/v1/inputs/{name}/...}), or null for
 *     the plain endpoints
 */
public record IntakeRequest(BodyFormat format, String contentType, List<String> contentEncodings,
        long contentLength, String apiKey, InetAddress peer, Body body, String input) {

    public IntakeRequest {
        Objects.requireNonNull(format, "format");
        contentEncodings = List.copyOf(contentEncodings);
        Objects.requireNonNull(body, "body");
    }

    /** A request to the plain endpoints. */
    public IntakeRequest(BodyFormat format, String contentType, List<String> contentEncodings, long contentLength,
            String apiKey, InetAddress peer, Body body) {
        this(format, contentType, contentEncodings, contentLength, apiKey, peer, body, null);
    }

    /** The raw request body. */
    @FunctionalInterface
    public interface Body {
        InputStream open() throws IOException;
    }
}
