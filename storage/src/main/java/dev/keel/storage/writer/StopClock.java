package dev.keel.storage.writer;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Tells the writers of one generation that the stop has begun, and wakes those sleeping between
 * retries: from then on a batch the sink refuses is spooled at once instead of retried, so the
 * drain fits in the stop timeout.
 */
public final class StopClock {

    private final CountDownLatch stopping = new CountDownLatch(1);

    public void markStopping() {
        stopping.countDown();
    }

    public boolean isStopping() {
        return stopping.getCount() == 0;
    }

    /**
     * Sleeps up to {@code delay}, waking early when the stop begins.
     *
     * @return true if the stop has begun
     */
    public boolean awaitStopping(Duration delay) throws InterruptedException {
        return stopping.await(delay.toNanos(), TimeUnit.NANOSECONDS);
    }
}
