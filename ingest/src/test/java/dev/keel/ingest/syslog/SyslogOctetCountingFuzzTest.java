package dev.keel.ingest.syslog;

import static dev.keel.ingest.syslog.SyslogFrameDecoderFuzzTest.MAX_FRAME_BYTES;
import static dev.keel.ingest.syslog.SyslogFrameDecoderFuzzTest.check;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.keel.ingest.support.Chunked;
import dev.keel.ingest.syslog.SyslogFrameDecoderFuzzTest.Frame;
import dev.keel.lifecycle.testing.LeakCheck;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Messages built from fuzz data, framed as a sender frames them, decode to exactly those
 * messages, in order, in any chunking: nothing lost, nothing duplicated, nothing merged. The
 * first input byte chooses the framing of each message (bit i for message i, cycling: 1 octet
 * counting, 0 a newline where the message holds none); the rest, split at each 0xFF byte, gives
 * the messages, each a {@code <} followed by its part (a sender's message starts with its PRI),
 * without the trailing CR, LF and NUL the decoder trims. A message over max-frame-size comes out
 * as its first max-frame-size bytes, marked, and the next one is still found.
 * Inputs: {@code SyslogOctetCountingFuzzTestInputs/decodesWhatWasFramed/}.
 */
class SyslogOctetCountingFuzzTest {

    @RegisterExtension
    static final LeakCheck leaks = LeakCheck.create().perClass();

    @FuzzTest
    void decodesWhatWasFramed(byte[] data) {
        if (data.length == 0) {
            return;
        }
        int framing = data[0] & 0xFF;
        List<byte[]> messages = messages(Arrays.copyOfRange(data, 1, data.length));
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        List<Frame> expected = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            byte[] message = messages.get(i);
            boolean counted = (framing >> (i % 8) & 1) == 1 || contains(message, (byte) '\n');
            if (counted) {
                stream.writeBytes((message.length + " ").getBytes(StandardCharsets.US_ASCII));
                stream.writeBytes(message);
            } else {
                stream.writeBytes(message);
                stream.write('\n');
            }
            expected.add(message.length <= MAX_FRAME_BYTES ? new Frame(message, null)
                    : new Frame(trimmed(Arrays.copyOf(message, MAX_FRAME_BYTES)), "truncated"));
        }
        byte[] bytes = stream.toByteArray();
        int[] ones = new int[bytes.length];
        Arrays.fill(ones, 1);
        matches(expected, SyslogFrameDecoderFuzzTest.decode(bytes, new int[] {bytes.length}), "whole");
        matches(expected, SyslogFrameDecoderFuzzTest.decode(bytes, ones), "a byte at a time");
        int[] pieces = Chunked.pieces(bytes, bytes.length, 50);
        matches(expected, SyslogFrameDecoderFuzzTest.decode(bytes, pieces), "in pieces");
    }

    /** Frames equal to the expected ones; a truncated one is marked, with any reason. */
    private static void matches(List<Frame> expected, List<Frame> actual, String how) {
        boolean same = expected.size() == actual.size();
        for (int i = 0; same && i < expected.size(); i++) {
            same = Arrays.equals(expected.get(i).bytes(), actual.get(i).bytes())
                    && (expected.get(i).error() == null) == (actual.get(i).error() == null);
        }
        check(same, "decoding " + how + " gives back the framed messages " + expected, actual);
    }

    private static List<byte[]> messages(byte[] parts) {
        List<byte[]> messages = new ArrayList<>();
        int from = 0;
        for (int i = 0; i <= parts.length; i++) {
            if (i == parts.length || parts[i] == (byte) 0xFF) {
                if (i < parts.length || from < i) {
                    byte[] message = new byte[i - from + 1];
                    message[0] = '<';
                    System.arraycopy(parts, from, message, 1, i - from);
                    messages.add(trimmed(message));
                }
                from = i + 1;
            }
        }
        return messages;
    }

    private static byte[] trimmed(byte[] message) {
        int n = message.length;
        while (n > 1 && (message[n - 1] == '\r' || message[n - 1] == '\n' || message[n - 1] == 0)) {
            n--;
        }
        return Arrays.copyOf(message, n);
    }

    private static boolean contains(byte[] bytes, byte wanted) {
        for (byte b : bytes) {
            if (b == wanted) {
                return true;
            }
        }
        return false;
    }
}
