package dev.keel.app.process;

import dev.keel.lifecycle.LifecycleEnvironment;
import dev.keel.lifecycle.spring.ComponentLifecycle;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;

/**
 * Adds a {@link HeldStopComponent} between detect and storage, like {@link StuckComponentWiring}
 * and for the same reason not a {@code @Configuration}: only {@link KeelWithHeldStop} gets it.
 */
public class HeldStopWiring {

    /** The property naming the file whose creation ends the held stop. */
    public static final String RELEASE = "keel.test.held-stop.release";

    @Bean
    HeldStopComponent heldStopComponent(LifecycleEnvironment environment, @Value("${" + RELEASE + "}") Path release) {
        return new HeldStopComponent(environment, release);
    }

    @Bean
    ComponentLifecycle heldStopLifecycle(HeldStopComponent held) {
        return new ComponentLifecycle(held, StuckComponentWiring.PHASE);
    }
}
