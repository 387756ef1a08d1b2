package dev.keel.ingest.http;

/**
 * The lines of an NDJSON body as its documentation counts them, worked out independently of
 * {@link NdjsonLines}: ended by LF, blank if nothing but spaces, tabs and CRs.
 *
 * @param count lines, blank ones included
 * @param nonBlank lines that are not blank
 * @param paddedPastLimit some line fits max-event-size once trimmed but not before (by more than
 *     the one byte {@link NdjsonLines} allows for): see
 *     {@link dev.keel.ingest.support.KnownBug#NDJSON_LINE_LIMIT_DEPENDS_ON_CHUNKING}
 */
record BodyLines(long count, long nonBlank, boolean paddedPastLimit) {

    static BodyLines of(byte[] body, int maxLineBytes) {
        long count = 0;
        long nonBlank = 0;
        boolean padded = false;
        int start = 0;
        for (int i = 0; i <= body.length; i++) {
            if (i == body.length && start == body.length) {
                break;
            }
            if (i == body.length || body[i] == '\n') {
                int from = start;
                int to = i;
                while (from < to && isSpace(body[from])) {
                    from++;
                }
                while (to > from && isSpace(body[to - 1])) {
                    to--;
                }
                count++;
                nonBlank += to > from ? 1 : 0;
                padded |= i - start > maxLineBytes + 1 && to - from <= maxLineBytes;
                start = i + 1;
            }
        }
        return new BodyLines(count, nonBlank, padded);
    }

    /**
     * True if the body, or one of its lines, has a NUL among its first four bytes: no JSON text in
     * UTF-8 does, and Jackson reads such bytes as UTF-16 or UTF-32, with outcomes that depend on
     * how they arrive ({@link dev.keel.ingest.support.KnownBug#JSON_ENCODING_DETECTED}).
     */
    static boolean mayLookLikeUtf16Or32(byte[] body) {
        int content = -1; // where the current line's content starts, once seen
        for (int i = 0; i < body.length; i++) {
            byte b = body[i];
            if (b == '\n') {
                content = -1;
                continue;
            }
            if (content < 0 && !isSpace(b)) {
                content = i;
            }
            if (b == 0 && i - content < 4) {
                return true;
            }
        }
        return false;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\r';
    }
}
