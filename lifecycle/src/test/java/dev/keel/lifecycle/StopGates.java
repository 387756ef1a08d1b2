package dev.keel.lifecycle;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/** What the stop tests share to hold work until a stop begins, or past its drain deadline. */
final class StopGates {

    /**
     * The stop timeout for tests whose worker is still busy at the drain deadline: its cancel
     * grace (a fifth, 1 s) is what an interrupted worker has to rescue and end in, with margin on
     * a loaded machine.
     */
    static final Duration BUSY_AT_DEADLINE = Duration.ofSeconds(5);

    private StopGates() {}

    /** Counts {@code latch} down when {@code component} begins to stop. */
    static void releaseAtStop(Component component, CountDownLatch latch) {
        component.addListener((c, from, to) -> {
            if (to == ComponentState.STOPPING) {
                latch.countDown();
            }
        });
    }
}
