package dev.keel.storage.spool;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The disk space the spool segments of one spool directory (both tables) take, against
 * {@code keel.storage.spool.max-bytes}. Writers stop spooling new batches while it is
 * exhausted (they hold them instead, so the queues fill and offers are refused); a rescue at the
 * stop deadline still spools, since the rows have nowhere else to go. Thread-safe.
 */
public final class SpoolSpace {

    private final long maxBytes;
    private final AtomicLong used = new AtomicLong();

    public SpoolSpace(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    void add(long bytes) {
        used.addAndGet(bytes);
    }

    void release(long bytes) {
        used.addAndGet(-bytes);
    }

    public long used() {
        return used.get();
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** At or over the limit: new batches are held rather than spooled. */
    public boolean exhausted() {
        return used.get() >= maxBytes;
    }
}
