package dev.keel.lifecycle;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;

/** A component whose start-up is a lambda, for tests. */
class TestComponent extends Component {

    /** What a test launches at start-up. */
    @FunctionalInterface
    interface StartUp {
        void launch(Workers workers) throws Exception;
    }

    private final StartUp startUp;
    final SimpleMeterRegistry meters;

    TestComponent(String name, Duration stopTimeout, SimpleMeterRegistry meters, StartUp startUp) {
        super(name, stopTimeout, new LifecycleEnvironment(WorkerRegistry.shared(), meters));
        this.meters = meters;
        this.startUp = startUp;
    }

    static TestComponent of(String name, StartUp startUp) {
        return new TestComponent(name, Duration.ofSeconds(5), new SimpleMeterRegistry(), startUp);
    }

    static TestComponent of(String name, Duration stopTimeout, StartUp startUp) {
        return new TestComponent(name, stopTimeout, new SimpleMeterRegistry(), startUp);
    }

    @Override
    protected void startUp(Workers workers) throws Exception {
        startUp.launch(workers);
    }

    double counter(String meter, String... tags) {
        var counter = meters.find(meter).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }
}
