package dev.keel.app.management;

import dev.keel.lifecycle.ComponentSnapshot;
import dev.keel.lifecycle.ComponentState;
import dev.keel.lifecycle.Component;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * A component's health: UP while running, DOWN when it FAILED (with the failure),
 * OUT_OF_SERVICE while starting, stopping or stopped. The component's own details (counters,
 * rule status) come along.
 */
public class ComponentHealthIndicator implements HealthIndicator {

    private final Component component;

    public ComponentHealthIndicator(Component component) {
        this.component = component;
    }

    @Override
    public Health health() {
        ComponentSnapshot snapshot = component.describe();
        Health.Builder health = Health.status(status(snapshot.state()))
                .withDetail("state", snapshot.state())
                .withDetail("generation", snapshot.generation())
                .withDetail("workers", snapshot.workers().size());
        if (snapshot.failure() != null) {
            health.withDetail("failure", snapshot.failure());
        }
        snapshot.details().forEach(health::withDetail);
        return health.build();
    }

    static Status status(ComponentState state) {
        return switch (state) {
            case RUNNING -> Status.UP;
            case FAILED -> Status.DOWN;
            case NEW, STARTING, STOPPING, TERMINATED -> Status.OUT_OF_SERVICE;
        };
    }
}
