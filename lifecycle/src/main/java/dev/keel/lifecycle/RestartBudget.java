package dev.keel.lifecycle;

import java.util.ArrayDeque;

/** Counts restarts over a sliding window; owned by one worker thread, so not thread-safe. */
final class RestartBudget {

    private final int maxRestarts;
    private final long windowNanos;
    private final ArrayDeque<Long> restarts = new ArrayDeque<>();

    RestartBudget(RecoveryPolicy.Restart policy) {
        this.maxRestarts = policy.maxRestarts();
        this.windowNanos = policy.window().toNanos();
    }

    /** Takes one restart from the budget, or returns false when the window has none left. */
    boolean tryTake(long nowNanos) {
        while (!restarts.isEmpty() && nowNanos - restarts.peekFirst() >= windowNanos) {
            restarts.pollFirst();
        }
        if (restarts.size() >= maxRestarts) {
            return false;
        }
        restarts.addLast(nowNanos);
        return true;
    }
}
