package dev.keel.ingest.http;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.ZipException;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * A gzip body, inflated strictly by commons-compress: members may follow one another (RFC 1952),
 * but any other byte after the last one is refused, as are a bad CRC or length in a trailer and
 * a truncated member. The JDK's {@code GZIPInputStream} ignores trailing bytes, so what a filter
 * in front of Keel sees could differ from what Keel takes. A format error comes out as
 * {@link ZipException}; a failure of the body as sent (too large, too slow, the connection gone)
 * comes out as it was thrown.
 */
final class GzipBody extends InputStream {

    private final Witness sent;
    private final byte[] one = new byte[1];
    /** Opened at the first read, which reads the first header. */
    private InputStream inflated;

    GzipBody(InputStream sent) {
        this.sent = new Witness(sent);
    }

    @Override
    public int read() throws IOException {
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        try {
            if (inflated == null) {
                inflated = GzipCompressorInputStream.builder().setInputStream(sent).setDecompressConcatenated(true).get();
            }
            return inflated.read(buffer, offset, length);
        } catch (IOException e) {
            if (sent.failure != null) {
                throw sent.failure;
            }
            String problem = e instanceof EOFException ? "it ends inside a member" : e.getMessage();
            throw (ZipException) new ZipException(problem == null ? e.toString() : problem).initCause(e);
        }
    }

    @Override
    public void close() throws IOException {
        sent.close();
    }

    /** Remembers how the body as sent failed, to tell that apart from the gzip data being wrong. */
    private static final class Witness extends FilterInputStream {
        IOException failure;

        Witness(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            try {
                return super.read(buffer, offset, length);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }
    }
}
