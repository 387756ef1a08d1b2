package dev.keel.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keel.app.support.Http;
import dev.keel.app.support.RunningKeel;
import dev.keel.lifecycle.testing.LeakCheck;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingest port against peers that hold connections: real sockets from distinct loopback
 * addresses (Linux routes all of 127.0.0.0/8 to lo), so the limits can tell them from the
 * normal client on 127.0.0.1.
 */
class HttpConnectionGuardTest {

    private static final Duration GENEROUS = Duration.ofSeconds(60);
    private static final byte[] ALERTS_REQUEST =
            "GET /api/v1/alerts HTTP/1.1\r\nHost: keel\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    @RegisterExtension
    LeakCheck leaks = LeakCheck.create().linger(Duration.ofSeconds(30));

    @Test
    void aPeerAtItsLimitHasItsNextConnectionClosedWhileOthersAreServed(@TempDir Path directory) throws Exception {
        try (RunningKeel keel = RunningKeel.start(directory, Map.of(
                "keel.http.max-connections-per-peer", "3", "keel.http.request-head-timeout", "5m"));
                Http http = new Http()) {
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    held.add(connectFrom("127.0.0.2", keel.httpPort()));
                }
                for (Socket socket : held) {
                    assertThat(answerTo(socket)).startsWith("HTTP/1.1 401");
                }
                try (Socket fourth = connectFrom("127.0.0.2", keel.httpPort())) {
                    assertThat(closedByServer(fourth)).as("the fourth connection of 127.0.0.2").isTrue();
                }
                assertThat(http.postNdjson(keel.uri("/api/v1/events/bulk"), "{\"message\":\"still served\"}\n")
                        .statusCode()).as("the normal client on 127.0.0.1").isEqualTo(202);
                try (Socket other = connectFrom("127.0.0.3", keel.httpPort())) {
                    assertThat(answerTo(other)).as("another peer").startsWith("HTTP/1.1 401");
                }

                held.remove(0).close();
                await("the closed connection's slot to be given back").atMost(GENEROUS).until(() -> {
                    try (Socket again = connectFrom("127.0.0.2", keel.httpPort())) {
                        return !closedByServer(again);
                    }
                });
            } finally {
                for (Socket socket : held) {
                    socket.close();
                }
            }
            assertThat(refused(keel, "per-peer-limit")).isPositive();
        }
    }

    @Test
    void exemptPeersAreNotLimited(@TempDir Path directory) throws Exception {
        try (RunningKeel keel = RunningKeel.start(directory, Map.of("keel.http.max-connections-per-peer", "2",
                "keel.http.exempt-peers", "127.0.0.4/32,::1", "keel.http.request-head-timeout", "5m"))) {
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 5; i++) {
                    held.add(connectFrom("127.0.0.4", keel.httpPort()));
                }
                for (Socket socket : held) {
                    assertThat(answerTo(socket)).startsWith("HTTP/1.1 401");
                }
            } finally {
                for (Socket socket : held) {
                    socket.close();
                }
            }
            assertThat(refused(keel, "per-peer-limit")).isZero();
        }
    }

    @Test
    void aRequestHeadTrickledByteByByteIsCutAtTheDeadline(@TempDir Path directory) throws Exception {
        // Jetty's idle timeout (restarted by every byte anyway) is put out of reach: only the
        // head deadline can end this connection.
        try (RunningKeel keel = RunningKeel.start(directory, Map.of("keel.http.request-head-timeout", "2s",
                "server.jetty.connection-idle-timeout", "10m"));
                Http http = new Http();
                Socket trickler = connectFrom("127.0.0.5", keel.httpPort())) {
            OutputStream out = trickler.getOutputStream();
            out.write("POST /api/v1/events HTTP/1.1\r\nHost: keel\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            trickler.setSoTimeout(200);
            long sent = 0;
            long deadline = System.nanoTime() + GENEROUS.toNanos();
            boolean closed = false;
            while (!closed && System.nanoTime() < deadline) {
                try {
                    out.write('a');
                    out.flush();
                    sent++;
                    closed = trickler.getInputStream().read() < 0;
                } catch (SocketTimeoutException stillOpen) {
                    // The server neither answered nor closed within 200 ms: send the next byte.
                } catch (IOException reset) {
                    closed = true;
                }
            }
            assertThat(closed).as("the trickling connection was closed").isTrue();
            assertThat(sent).as("bytes kept arriving until the end").isPositive();
            assertThat(refused(keel, "request-head-timeout")).isPositive();
            assertThat(http.postNdjson(keel.uri("/api/v1/events/bulk"), "{\"message\":\"served\"}\n").statusCode())
                    .isEqualTo(202);
        }
    }

    private static Socket connectFrom(String source, int port) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(source, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        return socket;
    }

    /** Sends a request the guard lets through and returns the status line of the answer. */
    private static String answerTo(Socket socket) throws IOException {
        socket.setSoTimeout(30_000);
        socket.getOutputStream().write(ALERTS_REQUEST);
        socket.getOutputStream().flush();
        InputStream in = socket.getInputStream();
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b >= 0 && b != '\r'; b = in.read()) {
            line.append((char) b);
        }
        return line.toString();
    }

    /** True once the server has closed {@code socket} without answering; false if it answers. */
    private static boolean closedByServer(Socket socket) throws IOException {
        socket.setSoTimeout(30_000);
        try {
            socket.getOutputStream().write(ALERTS_REQUEST);
            socket.getOutputStream().flush();
            return socket.getInputStream().read() < 0;
        } catch (IOException reset) {
            return true;
        }
    }

    private static double refused(RunningKeel keel, String reason) {
        return keel.bean(MeterRegistry.class).get("keel.http.connections.closed").tag("reason", reason).counter()
                .count();
    }
}
