package dev.keel.ingest.http;

import java.io.InputStream;
import java.util.List;
import java.util.Locale;

/** The {@code Content-Encoding} of a request body: none, or gzip. */
enum ContentCoding {
    IDENTITY,
    GZIP;

    /**
     * The one coding the {@code Content-Encoding} headers name; none, or an empty one, is
     * identity.
     *
     * @param headers every {@code Content-Encoding} header of the request, in order
     * @throws UnsupportedCodingException for a coding other than gzip, and for more than one
     *     (repeated headers or a list: stacked codings, which the intake does not unwrap)
     */
    static ContentCoding of(List<String> headers) throws UnsupportedCodingException {
        List<String> codings = headers.stream()
                .flatMap(header -> List.of(header.split(",", -1)).stream())
                .map(coding -> coding.trim().toLowerCase(Locale.ROOT))
                .toList();
        if (codings.size() > 1) {
            throw new UnsupportedCodingException("Content-Encoding names " + codings.size() + " codings "
                    + Quoted.of(String.join(", ", codings)) + (headers.size() > 1 ? " in " + headers.size()
                            + " headers" : "") + "; send one Content-Encoding header, gzip or none");
        }
        String coding = codings.isEmpty() ? "" : codings.get(0);
        return switch (coding) {
            case "", "identity" -> IDENTITY;
            case "gzip", "x-gzip" -> GZIP;
            default -> throw new UnsupportedCodingException("Content-Encoding " + Quoted.of(coding)
                    + " is not supported; send gzip or no encoding");
        };
    }

    /** The body as sent, decoded. */
    InputStream decode(InputStream sent) {
        return switch (this) {
            case IDENTITY -> sent;
            case GZIP -> new GzipBody(sent);
        };
    }

    /** Answered 415, with this message. */
    static final class UnsupportedCodingException extends Exception {
        UnsupportedCodingException(String message) {
            super(message, null, false, false);
        }
    }
}
