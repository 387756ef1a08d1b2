package dev.keel.app.console;

import java.util.ArrayDeque;
import java.util.List;

/** The last {@code capacity} samples, oldest first: a ring that drops the oldest when full. */
public final class FlowHistory {

    private final int capacity;
    private final ArrayDeque<FlowSample> samples;

    public FlowHistory(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
        this.capacity = capacity;
        this.samples = new ArrayDeque<>(capacity);
    }

    public synchronized void add(FlowSample sample) {
        if (samples.size() == capacity) {
            samples.removeFirst();
        }
        samples.addLast(sample);
    }

    public synchronized List<FlowSample> samples() {
        return List.copyOf(samples);
    }

    public int capacity() {
        return capacity;
    }
}
