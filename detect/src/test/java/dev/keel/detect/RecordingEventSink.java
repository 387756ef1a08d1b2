package dev.keel.detect;

import dev.keel.lifecycle.Admission;
import dev.keel.storage.Event;
import dev.keel.storage.EventSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Storage stand-in for tests: records what it accepts, or answers FULL or CLOSED on demand
 * (all-or-nothing, as the contract says), honouring the wait like a real queue would.
 */
public final class RecordingEventSink implements EventSink {

    private final List<Event> accepted = new ArrayList<>();
    private volatile Admission answer = Admission.ACCEPTED;
    private volatile int capacity = Integer.MAX_VALUE;
    private final AtomicInteger fullAnswers = new AtomicInteger();

    /** From now on answer {@code admission} instead of accepting (ACCEPTED to accept again). */
    public RecordingEventSink answer(Admission admission) {
        this.answer = admission;
        return this;
    }

    /** Answers FULL to any batch larger than {@code capacity}, as a queue of that capacity would. */
    public RecordingEventSink capacity(int capacity) {
        this.capacity = capacity;
        return this;
    }

    @Override
    public Admission offer(List<Event> events) {
        return take(events);
    }

    @Override
    public Admission offer(List<Event> events, Duration maxWait) throws InterruptedException {
        Admission now = take(events);
        if (now == Admission.FULL) {
            Thread.sleep(Math.min(maxWait.toMillis(), 20));
        }
        return now;
    }

    private Admission take(List<Event> events) {
        Admission now = events.size() > capacity ? Admission.FULL : answer;
        if (now == Admission.ACCEPTED) {
            synchronized (accepted) {
                accepted.addAll(events);
            }
        } else if (now == Admission.FULL) {
            fullAnswers.incrementAndGet();
        }
        return now;
    }

    public List<Event> events() {
        synchronized (accepted) {
            return List.copyOf(accepted);
        }
    }

    public List<String> ids() {
        return events().stream().map(Event::eventId).toList();
    }

    public int count() {
        synchronized (accepted) {
            return accepted.size();
        }
    }

    public int fullAnswers() {
        return fullAnswers.get();
    }
}
