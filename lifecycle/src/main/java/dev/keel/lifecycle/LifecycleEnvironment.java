package dev.keel.lifecycle;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.util.Objects;

/**
 * Where components register their workers and meters.
 *
 * @param workers the worker registry; leak checks read {@link WorkerRegistry#shared()}
 * @param meters the meter registry
 */
public record LifecycleEnvironment(WorkerRegistry workers, MeterRegistry meters) {

    public LifecycleEnvironment {
        Objects.requireNonNull(workers, "workers");
        Objects.requireNonNull(meters, "meters");
    }

    /** The shared worker registry and Micrometer's global meter registry. */
    public static LifecycleEnvironment defaults() {
        return new LifecycleEnvironment(WorkerRegistry.shared(), Metrics.globalRegistry);
    }

    /** The shared worker registry and the given meters: what an application wires. */
    public static LifecycleEnvironment withMeters(MeterRegistry meters) {
        return new LifecycleEnvironment(WorkerRegistry.shared(), meters);
    }
}
