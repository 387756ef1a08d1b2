package dev.keel.ingest.http;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The lines of an NDJSON body as its documentation counts them, worked out independently of
 * {@link NdjsonLines}: ended by LF; blank if nothing but spaces, tabs and CRs and no longer than
 * max-event-size as sent (a longer one is an error, spaces or not).
 *
 * @param count lines, blank ones included
 * @param counted lines that are events or errors: every line but the blank ones
 */
record BodyLines(long count, long counted) {

    static BodyLines of(byte[] body, int maxLineBytes) {
        long count = 0;
        long counted = 0;
        int start = 0;
        for (int i = 0; i <= body.length; i++) {
            if (i == body.length && start == body.length) {
                break;
            }
            if (i == body.length || body[i] == '\n') {
                int sent = i - start - (i > start && body[i - 1] == '\r' ? 1 : 0);
                boolean blank = true;
                for (int j = start; j < i; j++) {
                    blank &= isSpace(body[j]);
                }
                count++;
                counted += blank && sent <= maxLineBytes ? 0 : 1;
                start = i + 1;
            }
        }
        return new BodyLines(count, counted);
    }

    /** True if the body is UTF-8 without a NUL: what the intake reads; anything else it refuses whole. */
    static boolean isUtf8(byte[] body) {
        for (byte b : body) {
            if (b == 0) {
                return false;
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\r';
    }
}
