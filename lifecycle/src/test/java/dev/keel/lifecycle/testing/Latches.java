package dev.keel.lifecycle.testing;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Bounded latch waits for tests: a latch that is never counted down fails the test instead of hanging it. */
public final class Latches {

    /** Far longer than any wait a test should see, even on a loaded machine. */
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private Latches() {}

    /** Waits for {@code latch}; an {@link AssertionError} if it is not counted down within 30 s. */
    public static void awaitOrFail(CountDownLatch latch) throws InterruptedException {
        if (!latch.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("not counted down within " + PATIENCE);
        }
    }

    /**
     * Plays work that only an interrupt ends: throws the {@link InterruptedException}, or an
     * {@link AssertionError} if no interrupt comes within {@code atMost}.
     */
    public static void blockUntilInterrupted(Duration atMost) throws InterruptedException {
        if (!new CountDownLatch(1).await(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("not interrupted within " + atMost);
        }
    }
}
