package dev.keel.lifecycle.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.lifecycle.Component;
import dev.keel.lifecycle.ComponentState;
import dev.keel.lifecycle.LifecycleEnvironment;
import dev.keel.lifecycle.StopOutcome;
import dev.keel.lifecycle.WorkerRegistry;
import dev.keel.lifecycle.Workers;
import dev.keel.lifecycle.testing.LeakCheck;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.support.GenericApplicationContext;

/** Components as SmartLifecycle beans in a real Spring context. */
class ComponentLifecycleTest {

    @RegisterExtension
    LeakCheck leaks = LeakCheck.create();

    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<StopOutcome> outcomes = new CopyOnWriteArrayList<>();

    @Test
    void componentsStartInPhaseOrderAndStopInReverse() {
        Recording storage = new Recording("storage");
        Recording detect = new Recording("detect");
        Recording ingest = new Recording("ingest");
        try (GenericApplicationContext context = new GenericApplicationContext()) {
            context.registerBean("ingest", ComponentLifecycle.class, () -> new ComponentLifecycle(ingest, 300, outcomes::add));
            context.registerBean("storage", ComponentLifecycle.class, () -> new ComponentLifecycle(storage, 100, outcomes::add));
            context.registerBean("detect", ComponentLifecycle.class, () -> new ComponentLifecycle(detect, 200, outcomes::add));
            context.refresh();
            assertThat(context.getBean("detect", ComponentLifecycle.class).isRunning()).isTrue();
        }
        assertThat(events).containsExactly(
                "start storage", "start detect", "start ingest",
                "stop ingest", "stop detect", "stop storage");
        assertThat(outcomes).extracting(StopOutcome::component).containsExactly("ingest", "detect", "storage");
        assertThat(outcomes).allMatch(StopOutcome::clean);
        assertThat(List.of(storage, detect, ingest)).allMatch(c -> c.state() == ComponentState.TERMINATED);
    }

    @Test
    void anAsynchronousStopCallsBackOnlyOnceTheComponentHasStopped() throws Exception {
        Recording component = new Recording("async");
        ComponentLifecycle lifecycle = new ComponentLifecycle(component, 0);
        lifecycle.start();
        var stopped = new java.util.concurrent.CompletableFuture<ComponentState>();
        lifecycle.stop(() -> stopped.complete(component.state()));
        assertThat(stopped.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(ComponentState.TERMINATED);
        assertThat(lifecycle.isRunning()).isFalse();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> WorkerRegistry.shared().snapshot("async").isEmpty());
    }

    /** Records its start and shutDown in the shared event list. */
    private final class Recording extends Component {
        Recording(String name) {
            super(name, Duration.ofSeconds(5), new LifecycleEnvironment(WorkerRegistry.shared(), new SimpleMeterRegistry()));
        }

        @Override
        protected void startUp(Workers workers) {
            events.add("start " + name());
            workers.worker("idler").loop(ctx -> ctx.awaitStop(Duration.ofMinutes(1)));
        }

        @Override
        protected void shutDown() {
            events.add("stop " + name());
        }
    }
}
