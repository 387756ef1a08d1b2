package dev.keel.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.keel.ingest.support.Meters;
import dev.keel.ingest.support.RecordingSink;
import dev.keel.ingest.support.SyslogSender;
import dev.keel.ingest.support.TestProperties;
import dev.keel.lifecycle.Admission;
import dev.keel.lifecycle.ComponentStartException;
import dev.keel.lifecycle.ComponentState;
import dev.keel.lifecycle.LifecycleEnvironment;
import dev.keel.lifecycle.StopOutcome;
import dev.keel.lifecycle.WorkerInfo;
import dev.keel.lifecycle.WorkerKind;
import dev.keel.lifecycle.WorkerRegistry;
import dev.keel.lifecycle.testing.LeakCheck;
import dev.keel.storage.Event;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The component's lifecycle: what it launches, start failures, restarts, and a stop against a stuck downstream. */
class IngestComponentTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    /** What a stop may take beyond its timeout: the shut-down hook and the bookkeeping after the workers ended. */
    private static final Duration STOP_SLACK = Duration.ofSeconds(5);

    @RegisterExtension
    LeakCheck leaks = LeakCheck.create();

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final RecordingSink sink = RecordingSink.accepting();
    private IngestComponent ingest;

    @AfterEach
    void stop() {
        if (ingest != null) {
            ingest.stop();
        }
    }

    @Test
    void launchesNamedTrackedWorkersAndStopsThemCleanly() {
        ingest = create(TestProperties.syslogOnFreePorts("syslog.parse-workers", "3"));

        ingest.start();

        assertThat(ingest.state()).isEqualTo(ComponentState.RUNNING);
        assertThat(ingest.name()).isEqualTo("ingest");
        assertThat(ingest.acceptingHttp()).isTrue();
        assertThat(ingest.syslogTcpPort()).isPositive();
        assertThat(ingest.syslogUdpPort()).isPositive();
        assertThat(ingest.describe().workers()).extracting(WorkerInfo::id).containsExactlyInAnyOrder(
                "syslog-parser-1", "syslog-parser-2", "syslog-parser-3", "syslog-udp-receiver",
                "syslog-tcp-acceptor", "http-admission");
        assertThat(ingest.describe().workers()).filteredOn(w -> w.name().equals("syslog-parser"))
                .extracting(WorkerInfo::kind).containsOnly(WorkerKind.PLATFORM);
        assertThat(ingest.describe().queues()).singleElement()
                .satisfies(queue -> assertThat(queue.capacity()).isEqualTo(8192));
        assertThat(ingest.describe().details()).containsEntry("http_accepting", true)
                .containsEntry("syslog_tcp_port", ingest.syslogTcpPort())
                .containsEntry("syslog_udp_port", ingest.syslogUdpPort()).containsEntry("syslog_connections", 0);

        StopOutcome outcome = ingest.stop();

        assertThat(outcome.clean()).as(outcome.describe()).isTrue();
        assertThat(ingest.state()).isEqualTo(ComponentState.TERMINATED);
        assertThat(ingest.acceptingHttp()).isFalse();
        assertThat(WorkerRegistry.shared().snapshot("ingest")).isEmpty();
    }

    @Test
    void withSyslogDisabledOnlyTheHttpGateRuns() {
        ingest = create(TestProperties.of("syslog.enabled", "false"));

        ingest.start();

        assertThat(ingest.describe().workers()).extracting(WorkerInfo::id).containsExactly("http-admission");
        assertThat(ingest.syslogTcpPort()).isEqualTo(-1);
        assertThat(ingest.acceptingHttp()).isTrue();
    }

    @Test
    void aRestartIsAFreshGenerationThatListensAndDeliversAgain() throws Exception {
        ingest = create(TestProperties.syslogOnFreePorts());
        ingest.start();
        send("<13>first generation\n");
        sink.awaitCount(1);
        assertThat(ingest.stop().clean()).isTrue();

        ingest.start();
        send("<13>second generation\n");

        assertThat(sink.awaitCount(2).get(1).message()).isEqualTo("second generation");
        assertThat(ingest.describe().generation()).isEqualTo(2);
        assertThat(ingest.acceptingHttp()).isTrue();
    }

    @Test
    void aRestartBindsTheSameFixedPortAgain() throws Exception {
        int port = freeTcpAndUdpPort();
        ingest = create(TestProperties.of("syslog.port", Integer.toString(port)));
        ingest.start();
        send("<13>before the restart\n");
        sink.awaitCount(1);
        assertThat(ingest.stop().clean()).isTrue();

        ingest.start();

        assertThat(ingest.state()).isEqualTo(ComponentState.RUNNING);
        assertThat(ingest.syslogTcpPort()).isEqualTo(port);
        assertThat(ingest.syslogUdpPort()).isEqualTo(port);
        send("<13>after the restart\n");
        assertThat(sink.awaitCount(2)).extracting(Event::message)
                .containsExactly("before the restart", "after the restart");
    }

    @Test
    void aStartFailsWithAClearMessageWhenTheSyslogPortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            ingest = create(TestProperties.of("syslog.port", Integer.toString(taken.getLocalPort())));

            assertThatThrownBy(ingest::start).isInstanceOf(ComponentStartException.class)
                    .cause().hasMessageContaining("syslog TCP listener cannot bind 127.0.0.1:" + taken.getLocalPort());
            assertThat(ingest.state()).isEqualTo(ComponentState.FAILED);
            assertThat(ingest.acceptingHttp()).isFalse();
            await().atMost(PATIENCE).until(() -> WorkerRegistry.shared().snapshot("ingest").isEmpty());
        }
    }

    @Test
    void aStopAgainstADownstreamThatNeverTakesAnythingEndsInTimeAndCountsWhatWasNotDelivered() throws Exception {
        sink.refuseWith(Admission.FULL);
        // The cancel grace is a fifth of the stop timeout: 1 s for the cancelled workers to end, which a loaded
        // machine meets with margin (a 1 s stop timeout left them 200 ms).
        Duration stopTimeout = Duration.ofSeconds(5);
        ingest = create(TestProperties.syslogOnFreePorts("stop-timeout", stopTimeout.toMillis() + "ms",
                "syslog.hand-off-capacity", "10", "syslog.batch-size", "5", "syslog.parse-workers", "1"));
        ingest.start();
        try (SyslogSender sender = new SyslogSender(ingest.syslogTcpPort())) {
            for (int i = 0; i < 30; i++) {
                sender.send("<13>message " + i + "\n");
            }
            // 10 queued; the worker holds a batch of up to 5 (its first may be smaller), the reader waits with more.
            await().atMost(PATIENCE).until(() -> ingest.describe().queues().stream()
                    .anyMatch(queue -> queue.name().equals("syslog-hand-off") && queue.depth() == 10));

            long stopBegan = System.nanoTime();
            StopOutcome outcome = ingest.stop();
            Duration stopTook = Duration.ofNanos(System.nanoTime() - stopBegan);

            double read = Meters.count(meters, "keel.ingest.syslog.frames", "transport", "tcp");
            assertThat(outcome.clean()).as(outcome.describe()).isTrue();
            assertThat(stopTook).as("the stop returned within its timeout plus a fixed slack")
                    .isLessThan(stopTimeout.plus(STOP_SLACK));
            assertThat(read).as("at least the 10 queued").isGreaterThanOrEqualTo(10);
            assertThat(sink.count()).isZero();
            assertThat(Meters.count(meters, "keel.ingest.events.undelivered", "source", "syslog"))
                    .as("every frame read is accounted for").isEqualTo(read);
        }
    }

    /** A port number free for both TCP and UDP on 127.0.0.1 right now. */
    private static int freeTcpAndUdpPort() throws IOException {
        for (int attempt = 0; ; attempt++) {
            try (ServerSocket tcp = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                    DatagramSocket udp = new DatagramSocket(tcp.getLocalPort(), InetAddress.getLoopbackAddress())) {
                return udp.getLocalPort();
            } catch (SocketException udpTaken) {
                if (attempt == 20) {
                    throw udpTaken;
                }
            }
        }
    }

    private void send(String text) throws Exception {
        try (SyslogSender sender = new SyslogSender(ingest.syslogTcpPort())) {
            sender.send(text);
        }
    }

    private IngestComponent create(IngestProperties properties) {
        return new IngestComponent(properties, sink, new LifecycleEnvironment(WorkerRegistry.shared(), meters));
    }
}
