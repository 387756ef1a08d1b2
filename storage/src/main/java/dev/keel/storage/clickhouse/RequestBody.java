package dev.keel.storage.clickhouse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The buffer an insert body is encoded into, reused from insert to insert: a batch of 10,000 rows
 * of 1 KB is 10 MB, and allocating that afresh for every insert (a humongous object to G1) cost
 * more garbage-collector time than encoding it (seen in profiles). A buffer grows by doubling and
 * is kept up to {@link #MAX_KEPT}: at 50,000-100,000-row batches of 1 KB rows, up to 128 MB per
 * concurrent insert (writers + replayer), on top of the queues.
 */
final class RequestBody extends ByteArrayOutputStream {

    /** A buffer grown beyond this is not kept for reuse. */
    private static final int MAX_KEPT = 128 * 1024 * 1024;

    RequestBody(int size) {
        super(size);
    }

    ByteArrayInputStream content() {
        return new ByteArrayInputStream(buf, 0, count);
    }

    byte[] buffer() {
        return buf;
    }

    /** Room for {@code more} bytes at {@link #count}, for writers that fill {@code buf} directly. */
    void ensureRoom(int more) {
        if (count + more > buf.length) {
            buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
        }
    }

    void advance(int written) {
        count += written;
    }

    /** Drops what was written after {@code size} bytes. */
    void truncate(int size) {
        count = size;
    }

    /** A few buffers, one per concurrent insert, kept between inserts. */
    static final class Pool {
        private final BlockingQueue<RequestBody> idle;

        Pool(int size) {
            idle = new ArrayBlockingQueue<>(Math.max(1, size));
        }

        RequestBody take(int expectedBytes) {
            RequestBody body = idle.poll();
            if (body == null) {
                return new RequestBody(Math.max(64, expectedBytes));
            }
            body.reset();
            return body;
        }

        void give(RequestBody body) {
            if (body.buf.length <= MAX_KEPT) {
                idle.offer(body);
            }
        }
    }
}
