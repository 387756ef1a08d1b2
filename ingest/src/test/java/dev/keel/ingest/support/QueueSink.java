package dev.keel.ingest.support;

import dev.keel.lifecycle.Admission;
import dev.keel.lifecycle.WorkQueue;
import dev.keel.storage.Event;
import dev.keel.storage.EventSink;
import java.time.Duration;
import java.util.List;

/**
 * A downstream backed by a real bounded lifecycle {@link WorkQueue}, as detect's input is: its
 * all-or-nothing admission is the queue's own, not a fake's. Tests drain it by hand.
 */
public final class QueueSink implements EventSink {

    private final WorkQueue<Event> queue;

    public QueueSink(int capacity) {
        this.queue = new WorkQueue<>("downstream", capacity);
    }

    @Override
    public Admission offer(List<Event> batch) {
        return queue.offerAll(batch);
    }

    @Override
    public Admission offer(List<Event> batch, Duration maxWait) throws InterruptedException {
        return queue.offerAll(batch, maxWait);
    }

    public int size() {
        return queue.size();
    }

    /** Takes everything queued, as a consumer would. */
    public List<Event> drain() {
        return queue.drainAll();
    }
}
