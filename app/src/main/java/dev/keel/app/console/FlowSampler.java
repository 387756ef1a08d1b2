package dev.keel.app.console;

import dev.keel.lifecycle.Component;
import dev.keel.lifecycle.LifecycleEnvironment;
import dev.keel.lifecycle.Workers;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;

/**
 * The console's one worker: every {@code keel.console.sample-interval} it reads the flow meters
 * and adds what flowed since the last reading to the history. A component like the others, so
 * its worker is tracked, restarted after a failure and stopped in its turn (first, with the web
 * server's drain still visible in its last samples).
 */
public final class FlowSampler extends Component {

    public static final String NAME = "console";

    private final FlowMeters meters;
    private final FlowHistory history;
    private final Duration interval;
    private FlowTotals last;

    public FlowSampler(MeterRegistry registry, FlowHistory history, Duration interval,
            LifecycleEnvironment environment) {
        super(NAME, Duration.ofSeconds(2), environment);
        this.meters = new FlowMeters(registry);
        this.history = history;
        this.interval = interval;
    }

    @Override
    protected void startUp(Workers workers) {
        last = meters.read();
        workers.worker("sampler").every(interval, ctx -> sample());
    }

    /** Only the sampler's thread calls this; {@code last} is its own. */
    private void sample() {
        FlowTotals now = meters.read();
        history.add(now.since(last));
        last = now;
    }
}
