package dev.keel.app.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keel.app.process.KeelProcess;
import dev.keel.app.process.StoredEvents;
import dev.keel.app.support.Http;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged service ({@code java -jar}) in its own process, under the floods that used to
 * take it down: from 127.0.0.2-127.0.0.9, HTTP bodies and request heads trickled a byte a second
 * and syslog TCP connections held idle, reopened as soon as they are closed. Throughout, a normal
 * client on 127.0.0.1 posts events, sends syslog frames on fresh connections and reads health
 * on the management port: every one of its posts must be acknowledged (the attackers' slow
 * bodies hold at most their per-peer share of ingest's request slots), health and syslog must
 * be served, none slower than 5 s, and everything it was acknowledged must be stored. Every
 * 100 rounds it also sends the encoding cases (bytes that are not UTF-8, UTF-16, half surrogate
 * pairs, gzip with bytes after it, two codings): each is refused in the service's error format,
 * and none of their ids is ever stored.
 */
class HostileClientsIT {

    private static final List<String> ATTACKERS =
            List.of("127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5", "127.0.0.6", "127.0.0.7", "127.0.0.8", "127.0.0.9");
    /** Per attacker address and per kind of attack: more than any per-peer limit lets through. */
    private static final int HOGS_PER_KIND_AND_PEER = 40;
    /** The fewest requests of each kind the normal client makes under attack: a count, not a duration. */
    private static final int NORMAL_ROUNDS = 300;
    private static final Duration SLOWEST_ALLOWED = Duration.ofSeconds(5);
    private static final Duration GENEROUS = Duration.ofMinutes(2);
    private static final Pattern CLOSED = Pattern.compile(
            "keel_http_connections_closed_total\\{[^}]*reason=\"([a-z-]+)\"[^}]*} ([0-9.E]+)");

    @Test
    @Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES) // a process start, the attack, a stop
    void theNormalClientAndHealthAreServedThroughoutTheFloods(@TempDir Path directory) throws Exception {
        Path jar = Path.of(System.getProperty("keel.jar", "target/keel-app.jar"));
        assertThat(jar).as("the packaged application (failsafe runs after package)").isRegularFile();
        List<Long> ingestMillis = new ArrayList<>();
        List<Long> healthMillis = new ArrayList<>();
        List<Long> syslogMillis = new ArrayList<>();
        Set<String> acknowledged = new HashSet<>();
        Set<String> neverStored = new HashSet<>();
        List<String> syslogSent = new ArrayList<>();
        String closed;
        try (Http http = new Http();
                KeelProcess keel = KeelProcess.startJar(jar, directory, Map.of()).awaitReady(http, GENEROUS)) {
            try (Attackers attackers = Attackers.start(ATTACKERS, keel.uri("/").getPort(), keel.syslogPort(),
                    HOGS_PER_KIND_AND_PEER)) {
                await("the attackers to hold connections and be cut").atMost(GENEROUS)
                        .until(() -> attackers.open() > 0 && attackers.reopened() > 0);
                long giveUp = System.nanoTime() + GENEROUS.toNanos();
                boolean defencesActed = false;
                int round = 0;
                // At least NORMAL_ROUNDS, and on until both defences have cut attackers (the head
                // deadline needs its 10 s), so the normal client is measured while they act.
                for (; round < NORMAL_ROUNDS || !defencesActed; round++) {
                    assertThat(System.nanoTime()).as("both defences acted within %s", GENEROUS).isLessThan(giveUp);
                    if (round % 50 == 0) {
                        defencesActed = bothActed(http.getAsOps(keel.managementUri("/actuator/prometheus")).body());
                    }
                    if (round % 100 == 0) {
                        acknowledged.add(EncodingCases.send(http, keel, round, neverStored));
                    }
                    String id = "normal-" + round;
                    long started = System.nanoTime();
                    HttpResponse<String> posted = http.postNdjson(keel.uri("/api/v1/events/bulk"),
                            "{\"event_id\":\"" + id + "\",\"message\":\"normal " + round + "\"}\n");
                    ingestMillis.add(millisSince(started));
                    assertThat(posted.statusCode()).as("round %d: %s", round, posted.body()).isEqualTo(202);
                    acknowledged.add(id);

                    started = System.nanoTime();
                    HttpResponse<String> health = http.get(keel.managementUri("/actuator/health"));
                    healthMillis.add(millisSince(started));
                    assertThat(health.statusCode()).as("round %d health", round).isEqualTo(200);

                    String message = "normal syslog mark=" + round;
                    started = System.nanoTime();
                    try {
                        sendSyslog(keel.syslogPort(), message);
                    } catch (IOException refused) {
                        String log = keel.log();
                        throw new AssertionError("round " + round + ": the syslog listener dropped the normal client ("
                                + refused + "); the service's log ends:\n"
                                + log.substring(Math.max(0, log.length() - 4000)), refused);
                    }
                    syslogMillis.add(millisSince(started));
                    syslogSent.add(message);
                }
                closed = closedConnections(http.getAsOps(keel.managementUri("/actuator/prometheus")).body());
                System.out.printf("attack: %d hogs from %d addresses, %d reopened after the server cut them; %s%n",
                        attackers.attempted(), ATTACKERS.size(), attackers.reopened(), closed);
            }
            keel.sigterm();
            keel.awaitExit(GENEROUS);
        }
        report("ingest POST", ingestMillis);
        report("management health", healthMillis);
        report("syslog connect+frame", syslogMillis);
        assertThat(max(ingestMillis)).as("slowest ingest answer, ms").isLessThan(SLOWEST_ALLOWED.toMillis());
        assertThat(max(healthMillis)).as("slowest health answer, ms").isLessThan(SLOWEST_ALLOWED.toMillis());
        assertThat(max(syslogMillis)).as("slowest syslog connect and send, ms").isLessThan(SLOWEST_ALLOWED.toMillis());

        StoredEvents stored = StoredEvents.read(directory.resolve("data"), "keel");
        assertThat(stored.httpIds()).as("every acknowledged HTTP event is stored").containsAll(acknowledged);
        assertThat(stored.httpIds()).as("nothing of a refused body or rejected event").doesNotContainAnyElementsOf(
                neverStored);
        assertThat(stored.syslogMessages()).as("every syslog frame the normal client sent is stored")
                .containsAll(syslogSent);
        assertThat(stored.rows()).as("no event stored twice").isEqualTo(stored.distinctIds());
    }

    /** A fresh connection per frame, so a locked-out listener would show at once. */
    private static void sendSyslog(int port, String message) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) SLOWEST_ALLOWED.toMillis());
            byte[] body = ("<14>1 - normal client - - - " + message).getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write((body.length + " ").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
        }
    }

    private static boolean bothActed(String scrape) {
        Map<String, Double> closed = new java.util.HashMap<>();
        Matcher matcher = CLOSED.matcher(scrape);
        while (matcher.find()) {
            closed.put(matcher.group(1), Double.parseDouble(matcher.group(2)));
        }
        return closed.getOrDefault("per-peer-limit", 0.0) > 0 && closed.getOrDefault("request-head-timeout", 0.0) > 0;
    }

    private static String closedConnections(String scrape) {
        StringBuilder closed = new StringBuilder("connections the server closed:");
        Matcher matcher = CLOSED.matcher(scrape);
        while (matcher.find()) {
            closed.append(' ').append(matcher.group(1)).append('=').append((long) Double.parseDouble(matcher.group(2)));
        }
        return closed.toString();
    }

    private static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    private static long max(List<Long> millis) {
        return millis.stream().mapToLong(Long::longValue).max().orElseThrow();
    }

    private static void report(String what, List<Long> millis) {
        long[] sorted = millis.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("under attack, %s: %d answers, p50 %d ms, p99 %d ms, max %d ms%n", what, sorted.length,
                sorted[sorted.length / 2], sorted[(int) Math.ceil(sorted.length * 0.99) - 1], sorted[sorted.length - 1]);
        assertThat(sorted.length).isGreaterThanOrEqualTo(NORMAL_ROUNDS);
    }
}
