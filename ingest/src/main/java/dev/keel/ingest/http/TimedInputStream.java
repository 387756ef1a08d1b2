package dev.keel.ingest.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Fails with {@link BodyTimeoutException} once the body has taken longer than body-timeout, or,
 * after a {@value #ALLOWANCE_SECONDS} s allowance, arrives slower than min-body-rate on average:
 * by {@code t} seconds at least {@code (t - 2) * min-body-rate} bytes. Checked after every read
 * that returns data, so a client trickling its body a few bytes at a time loses its request slot
 * (one of max-concurrent-requests) within seconds, not after body-timeout. The read that ends
 * the body is not checked: a body that arrived whole is taken. A client that sends nothing at
 * all is ended by the server's own socket read timeout.
 */
final class TimedInputStream extends FilterInputStream {

    static final int ALLOWANCE_SECONDS = 2;

    private final LongSupplier nanoClock;
    private final long startNanos;
    private final long timeoutNanos;
    private final long minBytesPerSecond;
    private long count;

    /** @param minBytesPerSecond 0 for no rate check */
    TimedInputStream(InputStream in, long timeoutMillis, long minBytesPerSecond) {
        this(in, timeoutMillis, minBytesPerSecond, System::nanoTime);
    }

    /** With another clock: tests use it to let time pass without waiting. */
    TimedInputStream(InputStream in, long timeoutMillis, long minBytesPerSecond, LongSupplier nanoClock) {
        super(in);
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        this.minBytesPerSecond = minBytesPerSecond;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            arrived(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            arrived(n);
        }
        return n;
    }

    private void arrived(int bytes) throws BodyTimeoutException {
        count += bytes;
        long elapsed = nanoClock.getAsLong() - startNanos;
        if (elapsed > timeoutNanos) {
            throw new BodyTimeoutException("the body took longer than body-timeout "
                    + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms to arrive");
        }
        double owed = minBytesPerSecond * ((elapsed / 1e9) - ALLOWANCE_SECONDS);
        if (count < owed) {
            throw new BodyTimeoutException("the body arrives slower than min-body-rate " + minBytesPerSecond
                    + " bytes/s (" + count + " bytes in " + TimeUnit.NANOSECONDS.toMillis(elapsed) + " ms)");
        }
    }
}
