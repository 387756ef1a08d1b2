package dev.keel.ingest.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a stream into lines without ever holding more than one line (at most
 * {@code maxLineBytes}) plus one read chunk: a longer line is reported as oversized and skipped
 * to its newline. A line is measured as sent, spaces included (only the CR of a CRLF is not
 * counted), so the verdict never depends on how much of it was buffered when it was judged.
 * Line numbers are 1-based and count blank lines.
 */
final class NdjsonLines {

    private static final int CHUNK = 16 * 1024;

    private final InputStream in;
    private final int maxLineBytes;
    private byte[] buffer;
    private int start;
    private int end;
    private boolean eof;

    private long number;
    private int lineOffset;
    private int lineLength;
    private boolean oversized;

    NdjsonLines(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
        this.buffer = new byte[Math.min(64 * 1024, maxLineBytes + 2 + CHUNK)];
    }

    /** Moves to the next line; false at the end of the stream. */
    boolean next() throws IOException {
        oversized = false;
        // Counted from start, which fill() may move: how much of the line was searched already.
        int searched = 0;
        while (true) {
            int newline = indexOfNewline(start + searched);
            if (newline >= 0) {
                setLine(start, newline);
                start = newline + 1;
                return true;
            }
            if (end - start > maxLineBytes + 1) {
                number++;
                oversized = true;
                skipPastNewline();
                return true;
            }
            if (eof) {
                if (start < end) {
                    setLine(start, end);
                    start = end;
                    return true;
                }
                return false;
            }
            searched = end - start;
            fill();
        }
    }

    long number() {
        return number;
    }

    /** True if the line is longer than the limit; its content is then not available. */
    boolean oversized() {
        return oversized;
    }

    /** True for a line of nothing but whitespace. */
    boolean blank() {
        return !oversized && lineLength == 0;
    }

    byte[] buffer() {
        return buffer;
    }

    int offset() {
        return lineOffset;
    }

    int length() {
        return lineLength;
    }

    /** The line [from, to), measured as sent, with surrounding whitespace (the CR of CRLF, spaces) trimmed. */
    private void setLine(int from, int to) {
        number++;
        oversized = to - from - (to > from && buffer[to - 1] == '\r' ? 1 : 0) > maxLineBytes;
        while (from < to && isSpace(buffer[from])) {
            from++;
        }
        while (to > from && isSpace(buffer[to - 1])) {
            to--;
        }
        lineOffset = from;
        lineLength = to - from;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\r';
    }

    private int indexOfNewline(int from) {
        for (int i = from; i < end; i++) {
            if (buffer[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Reads more, first making room: drops consumed bytes, grows the buffer up to one line plus a chunk. */
    private void fill() throws IOException {
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }
        if (buffer.length - end < CHUNK && buffer.length < maxLineBytes + 2 + CHUNK) {
            buffer = Arrays.copyOf(buffer, (int) Math.min((long) maxLineBytes + 2 + CHUNK, buffer.length * 2L));
        }
        int n = in.read(buffer, end, buffer.length - end);
        if (n < 0) {
            eof = true;
        } else {
            end += n;
        }
    }

    private void skipPastNewline() throws IOException {
        while (true) {
            int newline = indexOfNewline(start);
            if (newline >= 0) {
                start = newline + 1;
                return;
            }
            start = 0;
            end = 0;
            if (eof) {
                return;
            }
            fill();
        }
    }
}
