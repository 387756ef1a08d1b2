package dev.keel.ingest.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;

/** Gzip bodies: plain ones, and hostile ones built without ever holding what they inflate to. */
public final class GzipBodies {

    private GzipBodies() {}

    /** {@code data}, gzipped. */
    public static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 32);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** {@code prefix} then {@code megabytes} MB of 'a', gzipped as it is written: a bomb about 1000 times smaller. */
    public static byte[] bomb(String prefix, int megabytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(prefix.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            byte[] megabyte = "a".repeat(1024 * 1024).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            for (int i = 0; i < megabytes; i++) {
                gzip.write(megabyte);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * A valid gzip stream of about {@code bytes} bytes that inflates to nothing: a run of empty
     * stored deflate blocks. A limit on inflated bytes alone never stops such a body.
     */
    public static byte[] emptyBlocks(int bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes + 32);
        out.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff});
        byte[] emptyStoredBlock = {0, 0, 0, (byte) 0xff, (byte) 0xff}; // not final, stored, LEN 0, NLEN ~0
        while (out.size() < bytes) {
            out.writeBytes(emptyStoredBlock);
        }
        out.writeBytes(new byte[] {3, 0}); // final, fixed Huffman, end of block
        out.writeBytes(new byte[8]); // CRC-32 and size of nothing: 0 and 0
        return out.toByteArray();
    }
}
