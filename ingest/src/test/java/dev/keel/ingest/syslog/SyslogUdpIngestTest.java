package dev.keel.ingest.syslog;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keel.ingest.IngestComponent;
import dev.keel.ingest.support.Meters;
import dev.keel.ingest.support.RecordingSink;
import dev.keel.ingest.support.TestProperties;
import dev.keel.lifecycle.Admission;
import dev.keel.lifecycle.LifecycleEnvironment;
import dev.keel.lifecycle.WorkerRegistry;
import dev.keel.lifecycle.testing.LeakCheck;
import dev.keel.storage.Event;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Syslog over real UDP datagrams into a running ingest component. */
class SyslogUdpIngestTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @RegisterExtension
    LeakCheck leaks = LeakCheck.create();

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final RecordingSink sink = RecordingSink.accepting();
    private IngestComponent ingest;

    @AfterEach
    void stop() {
        if (ingest != null) {
            assertThat(ingest.stop().clean()).isTrue();
        }
    }

    @Test
    void eachDatagramIsOneMessage() throws Exception {
        start();

        send("<134>1 2026-11-24T10:00:00.000Z fw01 filter - DROP - blocked 10.0.0.9\n");
        send("<38>Nov 24 10:00:01 bsdhost sshd[99]: Accepted publickey");
        List<Event> events = sink.awaitCount(2);

        assertThat(events).extracting(Event::message)
                .containsExactlyInAnyOrder("blocked 10.0.0.9", "Accepted publickey");
        assertThat(events).allSatisfy(e -> assertThat(e.attributes()).containsEntry("transport", "udp"));
        assertThat(Meters.count(meters, "keel.ingest.syslog.frames", "transport", "udp")).isEqualTo(2);
    }

    @Test
    void anOversizedDatagramIsTruncatedAndMarked() throws Exception {
        start("syslog.max-frame-size", "480B");

        send("<13>1 - h a - - - " + "z".repeat(1000));

        Event event = sink.awaitCount(1).getFirst();
        assertThat(event.message()).hasSize(480);
        assertThat(event.attributes().get("parse_error")).asString().contains("larger than max-frame-size 480");
        assertThat(Meters.count(meters, "keel.ingest.syslog.malformed", "transport", "udp")).isEqualTo(1);
    }

    @Test
    void datagramsThatFindTheHandOffFullAreDroppedAndCounted() throws Exception {
        sink.refuseWith(Admission.FULL);
        start("syslog.hand-off-capacity", "4", "syslog.batch-size", "1", "syslog.parse-workers", "1");

        for (int i = 0; i < 40; i++) {
            send("<13>1 - h a - - - datagram " + i);
        }
        await().atMost(PATIENCE).until(() -> Meters.count(meters, "keel.ingest.syslog.frames", "transport", "udp") == 40);
        double dropped = Meters.count(meters, "keel.ingest.syslog.udp.dropped");

        assertThat(dropped).as("4 queued, at most 1 held by the worker").isBetween(35.0, 36.0);
        sink.accept();
        await().atMost(PATIENCE).until(() -> sink.count() + dropped == 40);
        assertThat(Meters.count(meters, "keel.ingest.events.accepted", "source", "syslog", "transport", "udp"))
                .isEqualTo(40 - dropped);
        assertThat(Meters.count(meters, "keel.ingest.events.accepted", "source", "syslog", "transport", "tcp")).isZero();
    }

    private void start(String... overrides) {
        ingest = new IngestComponent(TestProperties.syslogOnFreePorts(overrides), sink,
                new LifecycleEnvironment(WorkerRegistry.shared(), meters));
        ingest.start();
    }

    private void send(String message) throws IOException {
        byte[] bytes = message.getBytes(UTF_8);
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), ingest.syslogUdpPort()));
        }
    }
}
