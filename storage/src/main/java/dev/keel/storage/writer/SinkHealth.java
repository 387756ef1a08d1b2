package dev.keel.storage.writer;

import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the database took our last write, shared by the writers and the replayer of one
 * generation. Logs once when the sink goes down and once when it comes back, rather than once
 * per failed batch.
 */
public final class SinkHealth {

    private static final Logger log = LoggerFactory.getLogger(SinkHealth.class);

    /** The state as one immutable value, swapped whole so readers see a consistent picture. */
    public record State(boolean up, long downSinceNanos, Instant downSince, String lastFailure) {}

    private volatile State state = new State(true, 0, null, null);

    public State state() {
        return state;
    }

    public boolean isUp() {
        return state.up();
    }

    /** How long the sink has been down, zero while up. */
    public Duration downFor() {
        State now = state;
        return now.up() ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - now.downSinceNanos());
    }

    public synchronized void up() {
        if (!state.up()) {
            log.info("storage: sink reachable again after {} ms", downFor().toMillis());
            state = new State(true, 0, null, state.lastFailure());
        }
    }

    public synchronized void down(String failure) {
        if (state.up()) {
            log.warn("storage: sink unreachable ({}); retrying with backoff, then spooling", failure);
            state = new State(false, System.nanoTime(), Instant.now(), failure);
        } else {
            state = new State(false, state.downSinceNanos(), state.downSince(), failure);
        }
    }

    /** Notes a failure that is not about reachability (a rejected write), for health to show. */
    public synchronized void failed(String failure) {
        state = new State(state.up(), state.downSinceNanos(), state.downSince(), failure);
    }
}
