package dev.keel.detect.handoff;

import dev.keel.lifecycle.Admission;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Hands a list of items to an all-or-nothing {@link Target}, waiting while it is FULL. The first
 * offer is the whole list; each FULL halves the next chunk (a list larger than the target's
 * capacity would otherwise never fit) and each acceptance doubles it again. Knows how far it got,
 * so that whatever ends it early (the target closed, the caller gave up, an interrupt, a target
 * that throws) leaves {@link #rest()} for the caller to account for. One use, one thread.
 */
final class ChunkedHandOff<T> {

    /** How {@link #run} ended. */
    enum End { ALL_ACCEPTED, CLOSED, GAVE_UP }

    private final List<T> items;
    private int next;
    private int chunk;

    ChunkedHandOff(List<T> items) {
        this.items = items;
        this.chunk = Math.max(1, items.size());
    }

    /**
     * Offers chunk after chunk, each waiting up to {@code wait}.
     *
     * @param giveUp asked after every answer but the last acceptance: true ends the hand-off early
     * @param onFull told of every FULL answer
     */
    End run(Target<T> target, Duration wait, BooleanSupplier giveUp, Runnable onFull) throws InterruptedException {
        while (next < items.size()) {
            List<T> part = List.copyOf(items.subList(next, Math.min(items.size(), next + chunk)));
            Admission admission = target.offer(part, wait);
            if (admission == Admission.ACCEPTED) {
                next += part.size();
                chunk = (int) Math.min(items.size(), 2L * chunk);
            } else if (admission == Admission.FULL) {
                onFull.run();
                chunk = Math.max(1, part.size() / 2);
            } else {
                return End.CLOSED;
            }
            if (next < items.size() && giveUp.getAsBoolean()) {
                return End.GAVE_UP;
            }
        }
        return End.ALL_ACCEPTED;
    }

    /** How many items the target has taken. */
    int handedOn() {
        return next;
    }

    /** The items the target has not taken. */
    List<T> rest() {
        return items.subList(next, items.size());
    }
}
