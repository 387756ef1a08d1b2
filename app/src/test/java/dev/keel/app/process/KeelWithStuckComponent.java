package dev.keel.app.process;

import dev.keel.app.KeelApplication;
import org.springframework.boot.SpringApplication;

/** The application plus one {@link StuckComponent}: the main class of the stuck-worker test's child JVM. */
public final class KeelWithStuckComponent {

    private KeelWithStuckComponent() {}

    public static void main(String[] args) {
        SpringApplication.run(new Class<?>[] {KeelApplication.class, StuckComponentWiring.class}, args);
    }
}
