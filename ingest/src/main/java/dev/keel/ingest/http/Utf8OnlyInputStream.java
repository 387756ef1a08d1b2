package dev.keel.ingest.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Passes a body through unchanged while checking, with the JDK's UTF-8 decoder in REPORT mode,
 * that it is UTF-8: a malformed or overlong sequence, an encoded surrogate, a code point past
 * U+10FFFF or a sequence cut off by the end fails the read with {@link NotUtf8Exception} naming
 * the byte. So does a NUL byte, which JSON text never holds: it would let Jackson take the body
 * for UTF-16 or UTF-32, which it detects from the first bytes. The parser then reads only what
 * was checked, and what a filter in front of Keel decodes is what Keel stores.
 */
final class Utf8OnlyInputStream extends FilterInputStream {

    private static final HexFormat HEX = HexFormat.ofDelimiter(" ").withPrefix("0x").withUpperCase();

    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final CharBuffer discard = CharBuffer.allocate(4096);
    private final byte[] one = new byte[1];
    private final String where;
    /** The first bytes of a sequence a read cut in two, waiting for the rest. */
    private byte[] carry = new byte[0];
    /** Bytes checked so far, carry excluded. */
    private long checked;
    private boolean ended;

    /** @param where how to name the body in an error, for example " (after decompression)" */
    Utf8OnlyInputStream(InputStream in, String where) {
        super(in);
        this.where = where;
    }

    @Override
    public int read() throws IOException {
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            check(buffer, offset, n);
        } else if (n < 0) {
            end();
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("skipping would leave bytes unchecked");
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void check(byte[] buffer, int offset, int length) throws NotUtf8Exception {
        if (carry.length == 0 && plainAscii(buffer, offset, length)) {
            checked += length;
            return;
        }
        byte[] bytes = buffer;
        int from = offset;
        int count = length;
        if (carry.length > 0) {
            bytes = Arrays.copyOf(carry, carry.length + length);
            System.arraycopy(buffer, offset, bytes, carry.length, length);
            from = 0;
            count = bytes.length;
        }
        ByteBuffer input = ByteBuffer.wrap(bytes, from, count);
        decode(input, false);
        carry = Arrays.copyOfRange(bytes, input.position(), from + count);
        checked += input.position() - from;
    }

    private void end() throws NotUtf8Exception {
        if (ended) {
            return;
        }
        ended = true;
        ByteBuffer input = ByteBuffer.wrap(carry);
        decode(input, true);
        discard.clear();
        decoder.flush(discard);
    }

    /** Decodes what {@code input} holds up to an incomplete last sequence (all of it at the end). */
    private void decode(ByteBuffer input, boolean endOfInput) throws NotUtf8Exception {
        int start = input.position();
        for (int i = start; i < input.limit(); i++) {
            if (input.get(i) == 0) {
                input.limit(i + 1);
                decodeUpTo(input, start, false);
                throw new NotUtf8Exception("the body" + where + " holds a NUL byte at byte " + (checked + i - start)
                        + ", which JSON text never does; send UTF-8 (UTF-16 and UTF-32 are not accepted)");
            }
        }
        decodeUpTo(input, start, endOfInput);
    }

    private void decodeUpTo(ByteBuffer input, int start, boolean endOfInput) throws NotUtf8Exception {
        while (true) {
            discard.clear();
            CoderResult result = decoder.decode(input, discard, endOfInput);
            if (result.isOverflow()) {
                continue;
            }
            if (result.isError()) {
                int at = input.position();
                byte[] bad = new byte[Math.min(result.length(), 4)];
                input.get(at, bad);
                throw new NotUtf8Exception("the body" + where + " is not valid UTF-8 at byte " + (checked + at - start)
                        + " (" + HEX.formatHex(bad) + (endOfInput && at + bad.length == input.limit()
                                ? ", cut off by the end of the body" : "")
                        + "); send UTF-8 without overlong forms or encoded surrogates");
            }
            return;
        }
    }

    private static boolean plainAscii(byte[] buffer, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            byte b = buffer[i];
            if (b <= 0) { // NUL, or a byte of a multi-byte sequence (the high bit makes it negative)
                return false;
            }
        }
        return true;
    }
}
