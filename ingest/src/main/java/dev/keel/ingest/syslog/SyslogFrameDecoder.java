package dev.keel.ingest.syslog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts a TCP byte stream into syslog frames, per RFC 6587: a frame that starts with a non-zero
 * digit, a space and {@code <} is octet-counted ({@code 57 <34>1 ...}); anything else is one
 * line, ended by LF (a CR before it is dropped). The framing is decided again for every frame,
 * so a sender may mix both. Feed it whatever the socket returned; frames split across reads are
 * joined.
 *
 * <p>Memory is bounded by max-frame-size: a longer frame is kept truncated and marked (an
 * octet-counted one is then skipped to its declared end, staying in sync; a line is skipped to
 * its newline). Not thread-safe: one per connection.
 */
final class SyslogFrameDecoder {

    private enum State { FRAME_START, LENGTH, AFTER_LENGTH, OCTETS, LINE, SKIP_LINE }

    /** An octet count of up to 9 digits: more is not a length. */
    private static final int MAX_LENGTH_DIGITS = 9;

    private final int maxFrameBytes;
    private byte[] frame = new byte[1024];
    private int length;
    private State state = State.FRAME_START;
    private long declared;
    private long remaining;
    private int digits;

    SyslogFrameDecoder(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    /** Decodes {@code count} bytes; returns the frames they completed, in order. */
    List<DecodedFrame> feed(byte[] data, int offset, int count) {
        List<DecodedFrame> frames = new ArrayList<>(4);
        int i = offset;
        int end = offset + count;
        while (i < end) {
            switch (state) {
                case FRAME_START -> i = startFrame(data[i], i);
                case LENGTH -> i = readLength(data[i], i);
                case AFTER_LENGTH -> {
                    if (data[i] == '<') {
                        length = 0;
                        remaining = declared;
                        state = State.OCTETS;
                    } else {
                        state = State.LINE;
                    }
                }
                case OCTETS -> i = readOctets(data, i, end, frames);
                case LINE -> i = readLine(data, i, end, frames);
                case SKIP_LINE -> {
                    int newline = indexOf(data, i, end, (byte) '\n');
                    if (newline < 0) {
                        i = end;
                    } else {
                        i = newline + 1;
                        state = State.FRAME_START;
                    }
                }
            }
        }
        return frames;
    }

    /** True while part of a frame has been read and not yet completed. */
    boolean inFrame() {
        return state != State.FRAME_START && state != State.SKIP_LINE;
    }

    /**
     * The connection ended: the partial frame, if any, as a frame marked incomplete; a last line
     * without its newline counts as whole when the peer closed the connection cleanly.
     *
     * @param cleanEnd the peer closed the connection (end of stream)
     * @param why how the connection ended, for the mark
     */
    DecodedFrame finish(boolean cleanEnd, String why) {
        State was = state;
        state = State.FRAME_START;
        return switch (was) {
            case FRAME_START, SKIP_LINE -> null;
            case LINE -> length == 0 ? null : cleanEnd ? take(null)
                    : take("incomplete frame: " + why + " before its newline");
            case LENGTH, AFTER_LENGTH -> take("incomplete frame: " + why + " after " + length + " bytes");
            case OCTETS -> take("incomplete frame: " + why + " after " + (declared - remaining) + " of "
                    + declared + " declared octets");
        };
    }

    private int startFrame(byte b, int i) {
        if (b == '\n' || b == '\r' || b == ' ' || b == 0) {
            return i + 1;
        }
        length = 0;
        declared = 0;
        digits = 0;
        state = b >= '1' && b <= '9' ? State.LENGTH : State.LINE;
        return i;
    }

    private int readLength(byte b, int i) {
        if (b >= '0' && b <= '9' && digits < MAX_LENGTH_DIGITS) {
            declared = declared * 10 + (b - '0');
            digits++;
            append(b);
            return i + 1;
        }
        if (b == ' ') {
            append(b);
            state = State.AFTER_LENGTH;
            return i + 1;
        }
        // Not an octet count after all: the digits read so far begin a line.
        state = State.LINE;
        return i;
    }

    private int readOctets(byte[] data, int i, int end, List<DecodedFrame> frames) {
        int n = (int) Math.min(remaining, end - i);
        append(data, i, Math.min(n, maxFrameBytes - length));
        remaining -= n;
        if (remaining == 0) {
            state = State.FRAME_START;
            frames.add(take(declared > maxFrameBytes ? "frame of " + declared
                    + " octets is larger than max-frame-size " + maxFrameBytes + "; kept the first "
                    + maxFrameBytes : null));
        }
        return i + n;
    }

    private int readLine(byte[] data, int i, int end, List<DecodedFrame> frames) {
        int newline = indexOf(data, i, end, (byte) '\n');
        int stop = newline < 0 ? end : newline;
        int fits = Math.min(stop - i, maxFrameBytes - length);
        append(data, i, fits);
        if (fits < stop - i) {
            state = State.SKIP_LINE;
            frames.add(take("line is longer than max-frame-size " + maxFrameBytes + "; kept the first "
                    + maxFrameBytes + " bytes"));
            return i + fits;
        }
        if (newline < 0) {
            return end;
        }
        state = State.FRAME_START;
        DecodedFrame line = take(null);
        if (line.bytes().length > 0) {
            frames.add(line);
        }
        return newline + 1;
    }

    /** The frame so far, without trailing CR, LF or NUL, and a fresh buffer position. */
    private DecodedFrame take(String error) {
        int n = length;
        while (n > 0 && (frame[n - 1] == '\r' || frame[n - 1] == '\n' || frame[n - 1] == 0)) {
            n--;
        }
        byte[] bytes = Arrays.copyOf(frame, n);
        length = 0;
        return new DecodedFrame(bytes, error);
    }

    private void append(byte b) {
        if (length < maxFrameBytes) {
            ensure(length + 1);
            frame[length++] = b;
        }
    }

    private void append(byte[] data, int offset, int count) {
        if (count > 0) {
            ensure(length + count);
            System.arraycopy(data, offset, frame, length, count);
            length += count;
        }
    }

    private void ensure(int capacity) {
        if (capacity > frame.length) {
            frame = Arrays.copyOf(frame, Math.min(maxFrameBytes, Math.max(capacity, frame.length * 2)));
        }
    }

    private static int indexOf(byte[] data, int from, int to, byte wanted) {
        for (int i = from; i < to; i++) {
            if (data[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
