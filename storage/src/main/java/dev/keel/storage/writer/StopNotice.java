package dev.keel.storage.writer;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Tells the writers of one generation that the stop has begun, and wakes those sleeping between
 * retries: from then on a batch the sink refuses is spooled at once instead of retried, so the
 * drain fits in the stop timeout.
 *
 * <p>The component's state is the truth ({@code componentStopping}, read on every question); a
 * state listener only makes the wake-up prompt by calling {@link #signal()}, since its delivery may
 * come a moment later from another thread. Once stopping, always stopping.
 */
public final class StopNotice {

    /** A sleeper re-reads the component's state at least this often, whether or not it is signalled. */
    private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final BooleanSupplier componentStopping;
    private final CountDownLatch stopping = new CountDownLatch(1);

    public StopNotice(BooleanSupplier componentStopping) {
        this.componentStopping = componentStopping;
    }

    /** Wakes the sleepers now; called when the component's state says it is stopping. */
    public void signal() {
        stopping.countDown();
    }

    public boolean isStopping() {
        if (stopping.getCount() == 0) {
            return true;
        }
        if (componentStopping.getAsBoolean()) {
            stopping.countDown();
            return true;
        }
        return false;
    }

    /**
     * Sleeps up to {@code delay}, waking early when the stop begins.
     *
     * @return true if the stop has begun
     */
    public boolean awaitStopping(Duration delay) throws InterruptedException {
        long deadline = System.nanoTime() + delay.toNanos();
        while (!isStopping()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            stopping.await(Math.min(left, SLICE_NANOS), TimeUnit.NANOSECONDS);
        }
        return true;
    }
}
