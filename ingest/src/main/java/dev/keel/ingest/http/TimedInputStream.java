package dev.keel.ingest.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Fails with {@link BodyTimeoutException} once the whole body has taken longer than its
 * deadline, checked after every read: a client trickling its body a byte at a time cannot hold
 * a request slot (one of max-concurrent-requests) for longer than that. A client that sends
 * nothing at all is ended by the server's own socket read timeout.
 */
final class TimedInputStream extends FilterInputStream {

    private final long deadlineNanos;
    private final long timeoutMillis;

    TimedInputStream(InputStream in, long timeoutMillis) {
        super(in);
        this.timeoutMillis = timeoutMillis;
        this.deadlineNanos = System.nanoTime() + timeoutMillis * 1_000_000;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        check();
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        check();
        return n;
    }

    private void check() throws BodyTimeoutException {
        if (System.nanoTime() - deadlineNanos > 0) {
            throw new BodyTimeoutException(timeoutMillis);
        }
    }
}
