package dev.keel.lifecycle.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keel.lifecycle.LifecycleEnvironment;
import dev.keel.lifecycle.StopOutcome;
import dev.keel.lifecycle.WorkerInfo;
import dev.keel.lifecycle.WorkerRegistry;
import dev.keel.lifecycle.testing.LeakCheck;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The docs' example works as the docs say. */
class LineServerTest {

    @RegisterExtension
    LeakCheck leaks = LeakCheck.create();

    @Test
    void everyLineReadBeforeStopIsWrittenAndNothingIsLeftRunning() throws Exception {
        List<String> written = new CopyOnWriteArrayList<>();
        LineServer server = new LineServer(written::addAll,
                new LifecycleEnvironment(WorkerRegistry.shared(), new SimpleMeterRegistry()));
        server.start();
        try (Socket a = new Socket(InetAddress.getLoopbackAddress(), server.port());
                Socket b = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            PrintWriter toA = new PrintWriter(a.getOutputStream(), true, StandardCharsets.UTF_8);
            PrintWriter toB = new PrintWriter(b.getOutputStream(), true, StandardCharsets.UTF_8);
            for (int i = 0; i < 500; i++) {
                toA.println("a" + i);
                toB.println("b" + i);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> written.size() == 1000);
            assertThat(WorkerRegistry.shared().snapshot("line-server")).extracting(WorkerInfo::name)
                    .contains("line-writer", "acceptor", "progress", "connection");

            StopOutcome outcome = server.stop();
            assertThat(outcome.clean()).as(outcome.describe()).isTrue();
            a.setSoTimeout(30_000); // a connection left open fails the read instead of hanging
            assertThat(a.getInputStream().read()).as("the server closed the connection").isEqualTo(-1);
        }
        assertThat(written).hasSize(1000).doesNotHaveDuplicates();
        assertThat(WorkerRegistry.shared().snapshot("line-server")).isEmpty();
    }
}
