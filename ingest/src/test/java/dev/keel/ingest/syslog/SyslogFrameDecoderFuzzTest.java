package dev.keel.ingest.syslog;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.keel.ingest.support.Chunked;
import dev.keel.lifecycle.testing.LeakCheck;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Any bytes as a TCP stream (octet counts that lie, digits without a PRI, NULs, endless lines):
 * the decoder never yields a frame longer than max-frame-size, nor an empty one, nor one that
 * starts with the whitespace or NUL it skips between frames or ends in the CR, LF or NUL it
 * trims; it never yields more bytes than it was given; and it yields the very same frames
 * whether the stream arrives whole, a byte at a time or in pieces, up to and including what the
 * end of the connection completes. Inputs: {@code SyslogFrameDecoderFuzzTestInputs/decodesAnyStream/}.
 */
class SyslogFrameDecoderFuzzTest {

    @RegisterExtension
    static final LeakCheck leaks = LeakCheck.create().perClass();

    /** Small, so that fuzzed streams of a few KB truncate frames of both kinds. */
    static final int MAX_FRAME_BYTES = 64;

    @FuzzTest
    void decodesAnyStream(byte[] stream) {
        List<Frame> whole = decode(stream, new int[] {stream.length});
        long bytes = 0;
        for (Frame frame : whole) {
            byte[] b = frame.bytes;
            check(b.length >= 1 && b.length <= MAX_FRAME_BYTES, "a frame holds 1 to max-frame-size bytes", frame);
            check(b[0] != '\n' && b[0] != '\r' && b[0] != ' ' && b[0] != 0,
                    "a frame does not start with what is skipped between frames", frame);
            byte last = b[b.length - 1];
            check(last != '\n' && last != '\r' && last != 0, "a frame does not end in CR, LF or NUL", frame);
            bytes += b.length;
        }
        check(bytes <= stream.length, "no more bytes out than in", whole);
        int[] ones = new int[stream.length];
        Arrays.fill(ones, 1);
        sameFrames(whole, decode(stream, ones), "a byte at a time");
        sameFrames(whole, decode(stream, Chunked.pieces(stream, stream.length, 100)), "in pieces");
    }

    /** Feeds {@code stream} in {@code pieces}, then ends the connection cleanly. */
    static List<Frame> decode(byte[] stream, int[] pieces) {
        SyslogFrameDecoder decoder = new SyslogFrameDecoder(MAX_FRAME_BYTES);
        List<Frame> frames = new ArrayList<>();
        int at = 0;
        for (int piece : pieces) {
            decoder.feed(stream, at, piece).forEach(frame -> frames.add(Frame.of(frame)));
            at += piece;
        }
        boolean inFrame = decoder.inFrame();
        DecodedFrame rest = decoder.finish(true, "closed");
        check(rest == null || inFrame, "the end completes a frame only if one was under way", rest);
        if (rest != null) {
            frames.add(Frame.of(rest));
        }
        return frames;
    }

    static void sameFrames(List<Frame> expected, List<Frame> actual, String how) {
        if (!expected.equals(actual)) {
            throw new AssertionError("decoding " + how + " gave other frames:\n  " + expected + "\n  " + actual);
        }
    }

    static void check(boolean holds, String what, Object subject) {
        if (!holds) {
            throw new AssertionError("broken invariant: " + what + ", in " + subject);
        }
    }

    /** A decoded frame with value equality, shown in hex. */
    record Frame(byte[] bytes, String error) {

        static Frame of(DecodedFrame frame) {
            return new Frame(frame.bytes(), frame.error());
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Frame frame && Arrays.equals(bytes, frame.bytes)
                    && java.util.Objects.equals(error, frame.error);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return HexFormat.of().formatHex(bytes) + (error == null ? "" : " (" + error + ")");
        }
    }
}
