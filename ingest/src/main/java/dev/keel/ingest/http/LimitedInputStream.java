package dev.keel.ingest.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes read through it and fails with {@link BodyTooLargeException} at the first
 * byte past the limit. Wrapped around the decompressing stream, it stops a gzip bomb after
 * {@code limit} inflated bytes instead of inflating it into memory; wrapped around the body as
 * sent, it stops a compressed body that never inflates to much (empty deflate blocks) but
 * never ends either.
 */
final class LimitedInputStream extends FilterInputStream {

    private final long limit;
    private final String counted;
    private long count;

    LimitedInputStream(InputStream in, long limit) {
        this(in, limit, "");
    }

    /** @param counted how the bytes were counted, for the message: " (counted after decompression)" */
    LimitedInputStream(InputStream in, long limit, String counted) {
        super(in);
        this.limit = limit;
        this.counted = counted;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        // Never ask for more than one byte past the limit: enough to notice the breach.
        int wanted = (int) Math.min(length, Math.max(1, limit - count + 1));
        int n = super.read(buffer, offset, wanted);
        if (n > 0) {
            counted(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(Math.min(n, limit - count + 1));
        counted(skipped);
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void counted(long n) throws BodyTooLargeException {
        count += n;
        if (count > limit) {
            throw new BodyTooLargeException("the body is larger than max-body-size " + limit + " bytes" + counted);
        }
    }
}
