package dev.keel.ingest.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/** The {@code Content-Encoding} of a request body: none, gzip, or one the intake does not read (415). */
enum ContentCoding {
    IDENTITY,
    GZIP,
    UNSUPPORTED;

    /** The coding a {@code Content-Encoding} header names; none or empty is identity. */
    static ContentCoding of(String header) {
        if (header == null) {
            return IDENTITY;
        }
        return switch (header.trim().toLowerCase(Locale.ROOT)) {
            case "", "identity" -> IDENTITY;
            case "gzip", "x-gzip" -> GZIP;
            default -> UNSUPPORTED;
        };
    }

    /** The body as sent, decoded. */
    InputStream decode(InputStream sent) throws IOException {
        return switch (this) {
            case IDENTITY -> sent;
            case GZIP -> new GZIPInputStream(sent, 8192);
            case UNSUPPORTED -> throw new IllegalStateException("an unsupported coding is refused before reading");
        };
    }
}
