package dev.keel.lifecycle.spring;

import dev.keel.lifecycle.Component;
import dev.keel.lifecycle.StopOutcome;
import java.util.Objects;
import java.util.function.Consumer;
import org.springframework.context.SmartLifecycle;

/**
 * Makes a {@link Component} a Spring {@link SmartLifecycle} bean at a given phase: started in
 * ascending phase order, stopped in descending order, each stop asynchronous on a tracked
 * stopper thread and bounded by the component's own stop timeout.
 *
 * <p>Spring waits at most {@code spring.lifecycle.timeout-per-shutdown-phase} per phase and then
 * only logs; set it a little above the largest component stop timeout, so the component's own
 * outcome (with the stacks of stuck workers) is always what gets reported.
 */
public final class ComponentLifecycle implements SmartLifecycle {

    private final Component component;
    private final int phase;
    private final Consumer<StopOutcome> onStopped;

    public ComponentLifecycle(Component component, int phase) {
        this(component, phase, outcome -> {});
    }

    /**
     * @param onStopped told each stop's outcome, for example to publish it on an endpoint
     */
    public ComponentLifecycle(Component component, int phase, Consumer<StopOutcome> onStopped) {
        this.component = Objects.requireNonNull(component, "component");
        this.phase = phase;
        this.onStopped = Objects.requireNonNull(onStopped, "onStopped");
    }

    public Component component() {
        return component;
    }

    @Override
    public void start() {
        component.start();
    }

    @Override
    public void stop() {
        onStopped.accept(component.stop());
    }

    @Override
    public void stop(Runnable callback) {
        component.stopAsync().whenComplete((outcome, error) -> {
            try {
                if (outcome != null) {
                    onStopped.accept(outcome);
                }
            } finally {
                callback.run();
            }
        });
    }

    @Override
    public boolean isRunning() {
        return component.isRunning();
    }

    @Override
    public int getPhase() {
        return phase;
    }

    @Override
    public boolean isAutoStartup() {
        return true;
    }

    @Override
    public String toString() {
        return "ComponentLifecycle[" + component.name() + ", phase " + phase + "]";
    }
}
