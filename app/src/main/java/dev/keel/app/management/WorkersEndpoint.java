package dev.keel.app.management;

import dev.keel.lifecycle.spring.ComponentLifecycle;
import java.util.Comparator;
import java.util.List;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * {@code /actuator/workers}: per component its state, phase, configured stop timeout, last stop
 * outcome and duration, its workers and its queues; {@code /actuator/workers/{component}} for one.
 */
@Endpoint(id = "workers")
public class WorkersEndpoint {

    private final List<ComponentLifecycle> components;

    public WorkersEndpoint(List<ComponentLifecycle> components) {
        this.components = components.stream().sorted(Comparator.comparingInt(ComponentLifecycle::getPhase)).toList();
    }

    @ReadOperation
    public WorkersReport workers() {
        return new WorkersReport(components.stream().map(WorkersEndpoint::report).toList());
    }

    @ReadOperation
    public WorkersReport.ComponentReport component(@Selector String name) {
        return components.stream()
                .filter(lifecycle -> lifecycle.component().name().equals(name))
                .findFirst()
                .map(WorkersEndpoint::report)
                .orElse(null);
    }

    private static WorkersReport.ComponentReport report(ComponentLifecycle lifecycle) {
        return WorkersReport.ComponentReport.of(lifecycle.component().describe(), lifecycle.getPhase());
    }
}
