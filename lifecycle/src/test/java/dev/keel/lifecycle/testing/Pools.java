package dev.keel.lifecycle.testing;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Ends a test's own executor within a bound, where {@link ExecutorService#close()} waits for its
 * tasks without one: a task that ignores interrupts would hang the test.
 */
public final class Pools {

    /** Far longer than interrupted test tasks should take to end, even on a loaded machine. */
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private Pools() {}

    /** Interrupts {@code pool}'s tasks; an {@link AssertionError} if they have not ended within 30 s. */
    public static void end(ExecutorService pool) throws InterruptedException {
        pool.shutdownNow();
        if (!pool.awaitTermination(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the test's executor still runs tasks " + PATIENCE + " after interrupting them");
        }
    }
}
