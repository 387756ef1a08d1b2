package dev.keel.ingest.http;

/** Quotes client-supplied text for an error message, cut short so an answer never echoes a whole payload. */
final class Quoted {

    private static final int MAX_CHARS = 64;

    private Quoted() {}

    static String of(String text) {
        String shown = text.length() <= MAX_CHARS ? text : text.substring(0, MAX_CHARS) + "...";
        return '"' + shown.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
