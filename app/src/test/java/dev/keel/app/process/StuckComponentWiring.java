package dev.keel.app.process;

import dev.keel.app.lifecycle.KeelPhases;
import dev.keel.lifecycle.LifecycleEnvironment;
import dev.keel.lifecycle.spring.ComponentLifecycle;
import org.springframework.context.annotation.Bean;

/**
 * Adds a {@link StuckComponent} to the application at a phase between detect and storage, so it
 * stops after ingest and detect and before storage. Deliberately not a {@code @Configuration}:
 * the application scans {@code dev.keel.app} and its subpackages, and only
 * {@link KeelWithStuckComponent} should get this component; its {@code @Bean} methods are read
 * because that main class passes this class to Spring as a source.
 */
public class StuckComponentWiring {

    /** Between detect's and storage's phases: stops third, before storage. */
    public static final int PHASE = KeelPhases.STORAGE + (KeelPhases.DETECT - KeelPhases.STORAGE) / 2;

    @Bean
    StuckComponent stuckComponent(LifecycleEnvironment environment) {
        return new StuckComponent(environment);
    }

    @Bean
    ComponentLifecycle stuckLifecycle(StuckComponent stuck) {
        return new ComponentLifecycle(stuck, PHASE);
    }
}
