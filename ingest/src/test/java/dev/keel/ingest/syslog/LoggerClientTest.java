package dev.keel.ingest.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.ingest.IngestComponent;
import dev.keel.ingest.support.RecordingSink;
import dev.keel.ingest.support.TestProperties;
import dev.keel.lifecycle.LifecycleEnvironment;
import dev.keel.lifecycle.WorkerRegistry;
import dev.keel.lifecycle.testing.LeakCheck;
import dev.keel.lifecycle.testing.RealTools;
import dev.keel.storage.Event;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * util-linux {@code logger}, a real syslog client, sending to ingest over TCP (newline and
 * octet-counting framing) and UDP, RFC 5424 and RFC 3164. Skipped where logger is not
 * installed, except under {@code CI=true}, where its absence fails the test.
 */
class LoggerClientTest {

    /** logger on the PATH, or null. */
    private static final Path LOGGER = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
            .filter(directory -> !directory.isEmpty()).map(directory -> Path.of(directory, "logger"))
            .filter(Files::isExecutable).findFirst().orElse(null);

    @RegisterExtension
    LeakCheck leaks = LeakCheck.create();

    private final RecordingSink sink = RecordingSink.accepting();
    private IngestComponent ingest;

    @BeforeEach
    void startIngest() {
        RealTools.require(LOGGER != null, "logger (util-linux) is not installed", "apt-get install -y bsdutils");
        ingest = new IngestComponent(TestProperties.syslogOnFreePorts(), sink,
                new LifecycleEnvironment(WorkerRegistry.shared(), new SimpleMeterRegistry()));
        ingest.start();
    }

    @AfterEach
    void stopIngest() {
        if (ingest != null) {
            assertThat(ingest.stop().clean()).isTrue();
        }
    }

    @Test
    void rfc5424OverTcpWithStructuredDataArrivesParsed() throws Exception {
        logger("-T", "--rfc5424", "-P", tcp(), "-t", "keel-test", "-p", "local3.err", "--msgid", "ID7",
                "--sd-id", "origin@32473", "--sd-param", "env=\"ci\"", "hello over tcp");

        Event event = sink.awaitCount(1).getFirst();
        assertThat(event.message()).isEqualTo("hello over tcp");
        assertThat(event.severity()).isEqualTo("err");
        assertThat(event.host()).isIn(hostnames());
        assertThat(event.timestamp()).isCloseTo(event.receivedAt(), org.assertj.core.data.Offset.offset(60_000L));
        assertThat(event.attributes()).containsEntry("facility", "local3").containsEntry("app_name", "keel-test")
                .containsEntry("msg_id", "ID7").containsEntry("syslog_format", "rfc5424")
                .containsEntry("transport", "tcp").doesNotContainKey("parse_error");
        assertThat(event.attributes().get("structured_data")).asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("origin@32473", Map.of("env", "ci"));
    }

    @Test
    void octetCountedFramesOverTcpArriveWhole() throws Exception {
        logger("-T", "--rfc5424", "--octet-count", "-P", tcp(), "-t", "counted", "octet counted message");

        Event event = sink.awaitCount(1).getFirst();
        assertThat(event.message()).isEqualTo("octet counted message");
        assertThat(event.attributes()).containsEntry("app_name", "counted").doesNotContainKey("parse_error");
    }

    @Test
    void rfc5424OverUdpArrives() throws Exception {
        logger("-d", "--rfc5424", "-P", udp(), "-t", "udp-test", "hello over udp");

        Event event = sink.awaitCount(1).getFirst();
        assertThat(event.message()).isEqualTo("hello over udp");
        assertThat(event.attributes()).containsEntry("transport", "udp").containsEntry("app_name", "udp-test");
    }

    @Test
    void rfc3164OverTcpArrivesParsed() throws Exception {
        logger("-T", "--rfc3164", "-P", tcp(), "-t", "bsd", "-p", "auth.warning", "hello bsd");

        Event event = sink.awaitCount(1).getFirst();
        assertThat(event.message()).isEqualTo("hello bsd");
        assertThat(event.severity()).isEqualTo("warning");
        assertThat(event.host()).isIn(hostnames());
        assertThat(event.attributes()).containsEntry("facility", "auth").containsEntry("app_name", "bsd")
                .containsEntry("syslog_format", "rfc3164");
    }

    @Test
    void rfc3164OverUdpArrivesParsed() throws Exception {
        logger("-d", "--rfc3164", "-P", udp(), "-t", "bsd-udp", "-p", "daemon.notice", "hello bsd over udp");

        Event event = sink.awaitCount(1).getFirst();
        assertThat(event.message()).isEqualTo("hello bsd over udp");
        assertThat(event.severity()).isEqualTo("notice");
        assertThat(event.host()).isIn(hostnames());
        assertThat(event.attributes()).containsEntry("facility", "daemon").containsEntry("app_name", "bsd-udp")
                .containsEntry("syslog_format", "rfc3164").containsEntry("transport", "udp")
                .doesNotContainKey("parse_error");
    }

    private String tcp() {
        return Integer.toString(ingest.syslogTcpPort());
    }

    private String udp() {
        return Integer.toString(ingest.syslogUdpPort());
    }

    /** The kernel's host name (what logger sends), and its part before the first dot (RFC 3164 senders cut it). */
    private static List<String> hostnames() throws IOException {
        Path kernel = Path.of("/proc/sys/kernel/hostname");
        String name = Files.isReadable(kernel) ? Files.readString(kernel).trim()
                : InetAddress.getLocalHost().getHostName();
        int dot = name.indexOf('.');
        return dot < 0 ? List.of(name) : List.of(name, name.substring(0, dot));
    }

    private static void logger(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(LOGGER.toString(), "-n", "127.0.0.1"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("logger finished").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("logger exit status; output: %s", output).isZero();
    }
}
