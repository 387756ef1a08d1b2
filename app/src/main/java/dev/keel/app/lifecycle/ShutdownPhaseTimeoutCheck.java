package dev.keel.app.lifecycle;

import dev.keel.lifecycle.spring.ComponentLifecycle;
import java.time.Duration;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.env.Environment;

/**
 * Fails start-up when Spring's per-phase shutdown timeout is shorter than a component's own stop
 * timeout: Spring would then give up on the phase first, log one line and move on, and the
 * component's real outcome (which workers were stuck, with their stacks) would be lost.
 */
public class ShutdownPhaseTimeoutCheck implements BeanPostProcessor {

    /** Room for the outcome to be logged and the callback to run after the component's deadline. */
    static final Duration MARGIN = Duration.ofSeconds(1);
    static final String PROPERTY = "spring.lifecycle.timeout-per-shutdown-phase";

    private final Duration perPhase;

    public ShutdownPhaseTimeoutCheck(Environment environment) {
        this.perPhase = environment.getProperty(PROPERTY, Duration.class, Duration.ofSeconds(30));
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof ComponentLifecycle lifecycle) {
            Duration needed = lifecycle.component().stopTimeout().plus(MARGIN);
            if (perPhase.compareTo(needed) < 0) {
                throw new ConflictingSettingsException(PROPERTY + " is " + perPhase + " but component "
                        + lifecycle.component().name() + " may take " + lifecycle.component().stopTimeout()
                        + " to stop: Spring would give up on it first, and its stop outcome would be lost.",
                        "Set " + PROPERTY + " to at least " + needed + ", or lower the component's stop-timeout.");
            }
        }
        return bean;
    }
}
