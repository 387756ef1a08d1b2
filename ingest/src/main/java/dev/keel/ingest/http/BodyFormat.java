package dev.keel.ingest.http;

import java.util.Locale;

/** The two body formats and the media type each must be sent with. */
public enum BodyFormat {
    /** {@code POST /api/v1/events}: one JSON object, or an array of them. */
    JSON("application/json"),
    /** {@code POST /api/v1/events/bulk}: one JSON object per line. */
    NDJSON("application/x-ndjson");

    private final String mediaType;

    BodyFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    /**
     * Why {@code contentType} does not fit this format, or {@code null} if it does: the media
     * type must match and a charset, if given, must be UTF-8 (the only encoding JSON allows).
     */
    String mismatch(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return "missing Content-Type; send " + mediaType;
        }
        String[] parts = contentType.split(";");
        String type = parts[0].trim().toLowerCase(Locale.ROOT);
        if (!type.equals(mediaType)) {
            return "Content-Type " + Quoted.of(type) + " is not supported here; send " + mediaType;
        }
        for (int i = 1; i < parts.length; i++) {
            String[] parameter = parts[i].split("=", 2);
            if (parameter[0].trim().equalsIgnoreCase("charset") && parameter.length == 2) {
                String charset = parameter[1].trim().replace("\"", "");
                if (!charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
                    return "charset " + Quoted.of(charset) + " is not supported; send UTF-8";
                }
            }
        }
        return null;
    }
}
