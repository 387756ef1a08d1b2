package dev.keel.ingest.syslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keel.ingest.support.Meters;
import dev.keel.ingest.support.RecordingSink;
import dev.keel.lifecycle.Component;
import dev.keel.lifecycle.ComponentState;
import dev.keel.lifecycle.LifecycleEnvironment;
import dev.keel.lifecycle.WorkerRegistry;
import dev.keel.lifecycle.Workers;
import dev.keel.lifecycle.testing.LeakCheck;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A listener whose socket is closed under it (not by a stop) cannot be mended by a restart,
 * which would close what the failed run registered: it fails the component at once, instead of
 * burning through its restart budget first.
 */
class SyslogListenerFailureTest {

    @RegisterExtension
    LeakCheck leaks = LeakCheck.create();

    @Test
    void listenersWhoseSocketsAreClosedUnderThemFailTheComponentWithoutFutileRestarts() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        SyslogIngest syslog = new SyslogIngest(new SyslogSettings("127.0.0.1", 0, 4, Duration.ofSeconds(60), 8192, 1,
                16, 4, ZoneOffset.UTC), RecordingSink.accepting(), new SyslogMetrics(meters), "syslog-only");
        Component component = new Component("syslog-only", Duration.ofSeconds(5),
                new LifecycleEnvironment(WorkerRegistry.shared(), meters)) {
            @Override
            protected void startUp(Workers workers) throws IOException {
                syslog.launch(workers);
            }
        };
        component.start();

        syslog.close();

        await().atMost(Duration.ofSeconds(30)).until(() -> component.state() == ComponentState.FAILED);
        assertThat(Meters.count(meters, "keel.workers.restarts", "component", "syslog-only", "worker",
                "syslog-tcp-acceptor")).isZero();
        assertThat(Meters.count(meters, "keel.workers.restarts", "component", "syslog-only", "worker",
                "syslog-udp-receiver")).isZero();
        component.stop();
    }
}
