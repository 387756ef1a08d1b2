package dev.keel.lifecycle;

import java.time.Duration;
import java.util.Objects;

/**
 * What happens after a throwable escapes a worker. Whatever the policy, the failure has already
 * been logged once (component, worker, stack) and counted in {@code keel.workers.failures}.
 *
 * <p>A {@link VirtualMachineError} ignores the policy: the component escalates to FAILED and the
 * error is rethrown so that it ends the thread (see {@code docs/lifecycle.md}).
 */
public sealed interface RecoveryPolicy {

    /** The worker ends; its component keeps running. The default for one-shot tasks. */
    static RecoveryPolicy exit() {
        return Exit.INSTANCE;
    }

    /** The component fails at once: state FAILED, health DOWN, its workers stopped. */
    static RecoveryPolicy escalate() {
        return Escalate.INSTANCE;
    }

    /**
     * Run the worker again after 100 ms, doubling up to 30 s with jitter; more than 10 restarts in
     * a minute escalate. The default for loops and pools.
     */
    static Restart restart() {
        return new Restart(Duration.ofMillis(100), Duration.ofSeconds(30), 10, Duration.ofMinutes(1));
    }

    /** See {@link #exit()}. */
    enum Exit implements RecoveryPolicy {
        INSTANCE
    }

    /** See {@link #escalate()}. */
    enum Escalate implements RecoveryPolicy {
        INSTANCE
    }

    /**
     * Restart with capped exponential backoff and jitter, under a budget of restarts over a
     * sliding window; a worker that exceeds the budget escalates.
     *
     * @param initialBackoff the delay before the first restart after a success
     * @param maxBackoff the cap on the delay
     * @param maxRestarts how many restarts the window allows
     * @param window the sliding window the budget is counted over
     */
    record Restart(Duration initialBackoff, Duration maxBackoff, int maxRestarts, Duration window)
            implements RecoveryPolicy {

        public Restart {
            Objects.requireNonNull(initialBackoff, "initialBackoff");
            Objects.requireNonNull(maxBackoff, "maxBackoff");
            Objects.requireNonNull(window, "window");
            if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff");
            }
            if (maxRestarts < 0 || window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("need maxRestarts >= 0 and a positive window");
            }
        }

        public Restart withBackoff(Duration initial, Duration max) {
            return new Restart(initial, max, maxRestarts, window);
        }

        public Restart withBudget(int restarts, Duration within) {
            return new Restart(initialBackoff, maxBackoff, restarts, within);
        }

        /**
         * The delay before restart number {@code consecutiveFailures}: the exponential step, half
         * of it fixed and half random ("equal jitter"), so restarts of many workers spread out.
         */
        Duration backoff(int consecutiveFailures, double random) {
            long initial = initialBackoff.toNanos();
            int doublings = Math.min(Math.max(consecutiveFailures - 1, 0), 62);
            long step = initial > (maxBackoff.toNanos() >> doublings)
                    ? maxBackoff.toNanos()
                    : Math.min(maxBackoff.toNanos(), initial << doublings);
            return Duration.ofNanos(step / 2 + (long) (random * (step / 2)));
        }
    }
}
