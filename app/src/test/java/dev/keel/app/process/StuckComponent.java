package dev.keel.app.process;

import dev.keel.lifecycle.Component;
import dev.keel.lifecycle.LifecycleEnvironment;
import dev.keel.lifecycle.Workers;
import java.time.Duration;

/**
 * A test-only component with one worker that can never be stopped: it ignores its stop signal
 * and swallows every interrupt, the bug the lifecycle must report rather than hang on. Its stop
 * therefore always times out, and the outcome names {@value #THREAD} stuck in
 * {@link #sleepThroughEveryInterrupt()}.
 */
public final class StuckComponent extends Component {

    public static final String NAME = "stuck";
    public static final String WORKER = "sleepwalker";
    /** The thread the lifecycle gives the worker: {@code keel-<component>-<worker>}. */
    public static final String THREAD = "keel-" + NAME + "-" + WORKER;
    /** Short, to keep the test quick; still long enough that the stop's drain and cancel both run. */
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(3);

    public StuckComponent(LifecycleEnvironment environment) {
        super(NAME, STOP_TIMEOUT, environment);
    }

    @Override
    protected void startUp(Workers workers) {
        workers.worker(WORKER).platform().task(context -> sleepThroughEveryInterrupt());
    }

    /** Never returns; the frame the stuck worker's stack must show. */
    @SuppressWarnings("InfiniteLoopStatement")
    static void sleepThroughEveryInterrupt() {
        while (true) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException swallowed) {
                // the bug under test: the interrupt is dropped and the loop goes on
            }
        }
    }
}
