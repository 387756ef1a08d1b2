package dev.keel.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.app.support.RunningKeel;
import dev.keel.lifecycle.Component;
import dev.keel.lifecycle.ComponentState;
import dev.keel.lifecycle.spring.ComponentLifecycle;
import dev.keel.lifecycle.testing.LeakCheck;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;

/** Closing the application stops the web server first, then ingest, detect and storage, in that order. */
class ShutdownOrderTest {

    @RegisterExtension
    LeakCheck leaks = LeakCheck.create().linger(Duration.ofSeconds(30));

    @Test
    void componentsStopAfterTheWebServerInReverseStartOrder(@TempDir Path directory) {
        List<String> events = new CopyOnWriteArrayList<>();
        List<Status> readinessWhileStopping = new CopyOnWriteArrayList<>();
        List<Boolean> httpOpenWhenIngestStops = new CopyOnWriteArrayList<>();
        RunningKeel keel = RunningKeel.start(directory);
        int port = keel.httpPort();
        HealthEndpoint health = keel.bean(HealthEndpoint.class);
        List<Component> components = keel.context().getBeansOfType(ComponentLifecycle.class).values().stream()
                .map(ComponentLifecycle::component).toList();
        assertThat(components).extracting(Component::name).containsExactlyInAnyOrder("storage", "detect", "ingest", "http",
                "console");
        for (Component component : components) {
            component.addListener((c, from, to) -> {
                events.add(c.name() + " " + to);
                if (c.name().equals("ingest") && to == ComponentState.STOPPING) {
                    httpOpenWhenIngestStops.add(accepts(port));
                    readinessWhileStopping.add(health.healthForPath("readiness").getStatus());
                }
            });
        }

        keel.close();

        assertThat(events).containsExactly(
                "console STOPPING", "console TERMINATED",
                "http STOPPING", "http TERMINATED",
                "ingest STOPPING", "ingest TERMINATED",
                "detect STOPPING", "detect TERMINATED",
                "storage STOPPING", "storage TERMINATED");
        assertThat(httpOpenWhenIngestStops).as("the web server has drained and stopped").containsExactly(false);
        assertThat(readinessWhileStopping).containsExactly(Status.OUT_OF_SERVICE);
        assertThat(components).allSatisfy(c -> assertThat(c.lastStop().clean()).isTrue());
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException refused) {
            return false;
        }
    }
}
