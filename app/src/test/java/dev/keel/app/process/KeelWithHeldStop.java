package dev.keel.app.process;

import dev.keel.app.KeelApplication;
import dev.keel.app.StopSignals;
import org.springframework.boot.SpringApplication;

/** The application, started as its {@code main} starts it, plus one {@link HeldStopComponent}: the Ctrl-C test's child JVM. */
public final class KeelWithHeldStop {

    private KeelWithHeldStop() {}

    public static void main(String[] args) {
        StopSignals.install();
        SpringApplication.run(new Class<?>[] {KeelApplication.class, HeldStopWiring.class}, args);
    }
}
