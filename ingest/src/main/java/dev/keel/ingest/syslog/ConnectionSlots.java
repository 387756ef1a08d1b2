package dev.keel.ingest.syslog;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The max-connections budget of the TCP listener: the acceptor takes a slot for each connection
 * before launching its handler, and the handler gives it back when the connection closes (or
 * the acceptor does, if the handler never started). Lives as long as the component, so the
 * {@code keel.ingest.syslog.connections.active} gauge reads it across generations. Thread-safe.
 */
final class ConnectionSlots {

    private final int max;
    private final AtomicInteger inUse = new AtomicInteger();

    ConnectionSlots(int max) {
        this.max = max;
    }

    /** Takes a slot if fewer than max-connections are in use. */
    boolean tryTake() {
        while (true) {
            int now = inUse.get();
            if (now >= max) {
                return false;
            }
            if (inUse.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    void release() {
        inUse.decrementAndGet();
    }

    /** Open TCP connections right now. */
    int inUse() {
        return inUse.get();
    }

    int max() {
        return max;
    }
}
