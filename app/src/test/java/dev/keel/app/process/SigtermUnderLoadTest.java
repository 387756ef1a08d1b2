package dev.keel.app.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keel.app.KeelApplication;
import dev.keel.app.support.Http;
import dev.keel.app.support.RunningKeel;
import dev.keel.detect.DetectComponent;
import dev.keel.lifecycle.testing.LeakCheck;
import dev.keel.storage.TableCounters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * SIGTERM to the real application in its own JVM while HTTP and syslog clients are sending: the
 * process ends by itself within its shutdown budget, logs one stop outcome per component in
 * stop order, and every event it acknowledged is in storage (or in a spool that the next start
 * replays), each once.
 */
// Longer than the suite's default timeout (5 m): a start, a load, a stop and a replaying
// restart, each with a generous wait of its own.
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class SigtermUnderLoadTest {

    @RegisterExtension
    LeakCheck leaks = LeakCheck.create().linger(Duration.ofSeconds(30));

    static final Duration STARTUP = Duration.ofSeconds(90);
    /** Stopping Tomcat, closing the context, the JVM's exit, on a loaded 2-core machine (see {@link ShutdownBudget}). */
    static final Duration SLACK = Duration.ofSeconds(15);
    /**
     * What the app allows a component's stop beyond its timeout for logging the outcome and
     * running Spring's callback ({@code ShutdownPhaseTimeoutCheck.MARGIN}).
     */
    static final Duration STOP_MARGIN = Duration.ofSeconds(1);
    /**
     * The load: 2 HTTP clients each posting 100 events every 100 ms and 2 syslog senders each
     * writing 50 messages every 100 ms, about 3,000 events/s in all, still flowing when the signal
     * arrives. Steady rather than flat out: on a contended 2-core machine the embedded store
     * writes only a few thousand rows a second, and this test is about shutdown, not throughput.
     */
    static final int HTTP_CLIENTS = 2;
    static final int EVENTS_PER_REQUEST = 100;
    static final Duration HTTP_PERIOD = Duration.ofMillis(100);
    static final int SYSLOG_SENDERS = 2;
    static final int MESSAGES_PER_WRITE = 50;
    static final Duration SYSLOG_PERIOD = Duration.ofMillis(100);
    /** The flat-out load: clients posting as fast as they are answered. */
    static final int FLAT_OUT_CLIENTS = 8;
    static final int FLAT_OUT_EVENTS_PER_REQUEST = 200;
    /** Load before the signal (about two seconds): the clients keep sending while it arrives. */
    static final long HTTP_EVENTS_BEFORE_SIGNAL = 4_000;
    static final long SYSLOG_MESSAGES_BEFORE_SIGNAL = 2_000;
    private static final Pattern SYSLOG_FRAMES_READ =
            Pattern.compile("keel_ingest_syslog_frames_total\\{[^}]*transport=\"tcp\"[^}]*} ([0-9.eE+]+)");

    @Test
    void aSigtermUnderLoadEndsTheProcessWithinItsBudgetAndKeepsEveryAcknowledgedEvent(@TempDir Path directory)
            throws Exception {
        HttpLoad httpLoad;
        SyslogLoad syslogLoad;
        long syslogFramesReadBeforeSignal;
        int status;
        long exitMillis;
        ShutdownBudget budget;
        String log;
        try (Http http = new Http(); KeelProcess keel = KeelProcess.start(KeelApplication.class, directory, Map.of())) {
            keel.awaitReady(http, STARTUP);
            budget = ShutdownBudget.of(keel, http, SLACK);
            assertThat(budget.componentStops()).containsOnlyKeys("storage", "detect", "ingest", "http", "console");
            try (HttpLoad h = HttpLoad.start(http, keel.uri("/api/v1/events/bulk"), "h", HTTP_CLIENTS,
                            EVENTS_PER_REQUEST, HTTP_PERIOD);
                    SyslogLoad s = SyslogLoad.start(keel.syslogPort(), "s", SYSLOG_SENDERS, MESSAGES_PER_WRITE,
                            SYSLOG_PERIOD)) {
                httpLoad = h;
                syslogLoad = s;
                await("load under way").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                        .until(() -> !keel.isAlive() || h.acknowledged() >= HTTP_EVENTS_BEFORE_SIGNAL
                                && s.written() >= SYSLOG_MESSAGES_BEFORE_SIGNAL);
                syslogFramesReadBeforeSignal = syslogFramesRead(http, keel);
                long signalled = System.nanoTime();
                keel.sigterm();
                status = keel.awaitExit(budget.total());
                exitMillis = Duration.ofNanos(System.nanoTime() - signalled).toMillis();
            }
            log = keel.log();
        }
        System.out.printf("SIGTERM under load: exit %d after %d ms (budget %s)%n%s%n%s, %d frames read before the "
                + "signal%n", status, exitMillis, budget, httpLoad.summary(), syslogLoad.summary(),
                syslogFramesReadBeforeSignal);

        assertThat(status).as("exit status after SIGTERM\n%s", log).isIn(143, 0);
        assertOneCleanStopPerComponentInOrder(log, budget);
        assertThat(httpLoad.partiallyAccepted()).as("202 answers that did not take every event").isZero();

        boolean replayed = replayLeftovers(directory);
        StoredEvents stored = StoredEvents.read(directory.resolve("data"), "keel");
        System.out.println("stored after the SIGTERM" + (replayed ? " and a replaying restart: " : ": ")
                + stored.summary());
        assertThat(stored.rows()).as("no event stored twice").isEqualTo(stored.distinctIds());
        assertEveryAcknowledgedHttpEventStored(httpLoad, stored, log);
        assertEverySyslogFrameReadStoredOnce(syslogLoad, syslogFramesReadBeforeSignal, stored, log);
    }

    /**
     * The worst moment for a stop: clients sending as fast as they are answered, until storage's
     * event queue is at least half full, so its writers hold large inserts and a long backlog when
     * the signal comes. Storage must still write or spool every acknowledged event before the
     * process exits (with its defaults, on the embedded store), and stop within its timeout.
     */
    @Test
    void aSigtermWithStoragesQueueFilledKeepsEveryAcknowledgedEvent(@TempDir Path directory) throws Exception {
        HttpLoad httpLoad;
        int status;
        long exitMillis;
        ShutdownBudget budget;
        String log;
        try (Http http = new Http(); KeelProcess keel = KeelProcess.start(KeelApplication.class, directory, Map.of())) {
            keel.awaitReady(http, STARTUP);
            budget = ShutdownBudget.of(keel, http, SLACK);
            try (HttpLoad h = HttpLoad.start(http, keel.uri("/api/v1/events/bulk"), "f", FLAT_OUT_CLIENTS,
                    FLAT_OUT_EVENTS_PER_REQUEST, Duration.ZERO)) {
                httpLoad = h;
                await("storage's event queue half full").atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> !keel.isAlive() || storageEventQueueFill(http, keel) >= 0.5);
                long signalled = System.nanoTime();
                keel.sigterm();
                status = keel.awaitExit(budget.total());
                exitMillis = Duration.ofNanos(System.nanoTime() - signalled).toMillis();
            }
            log = keel.log();
        }
        System.out.printf("SIGTERM with storage's queue filled: exit %d after %d ms (budget %s)%n%s%n", status,
                exitMillis, budget, httpLoad.summary());

        assertThat(status).as("exit status after SIGTERM\n%s", log).isIn(143, 0);
        List<StopLogLine> stops = StopLogLine.parseAll(log);
        stops.forEach(stop -> System.out.println(stop.text()));
        assertThat(stops).as("one stop outcome per component, in stop order\n%s", log)
                .extracting(StopLogLine::component).containsExactly("console", "http", "ingest", "detect", "storage");
        assertThat(stops.get(4).clean()).as("storage wrote or spooled everything within its stop timeout\n%s", log)
                .isTrue();
        assertThat(log).as("nothing said lost").doesNotContain("LOST");

        replayLeftovers(directory);
        StoredEvents stored = StoredEvents.read(directory.resolve("data"), "keel");
        System.out.println("stored: " + stored.summary());
        assertThat(stored.rows()).as("no event stored twice").isEqualTo(stored.distinctIds());
        assertEveryAcknowledgedHttpEventStored(httpLoad, stored, log);
    }

    /** How full storage's {@code events} queue is (0..1), from {@code /actuator/workers/storage}. */
    private static double storageEventQueueFill(Http http, KeelProcess keel) throws IOException, InterruptedException {
        var response = http.getAsOps(keel.managementUri("/actuator/workers/storage"));
        assertThat(response.statusCode()).as("/actuator/workers/storage").isEqualTo(200);
        for (JsonNode queue : JsonMapper.builder().build().readTree(response.body()).path("queues")) {
            if (queue.path("name").asString().equals("events")) {
                return queue.path("depth").asDouble() / queue.path("capacity").asDouble();
            }
        }
        throw new AssertionError("no events queue in " + response.body());
    }

    private static void assertOneCleanStopPerComponentInOrder(String log, ShutdownBudget budget) {
        List<StopLogLine> stops = StopLogLine.parseAll(log);
        stops.forEach(stop -> System.out.println(stop.text()));
        assertThat(stops).as("one stop outcome per component, in stop order\n%s", log)
                .extracting(StopLogLine::component).containsExactly("console", "http", "ingest", "detect", "storage");
        assertThat(stops).as("every component drained within its stop timeout\n%s", log).allMatch(StopLogLine::clean);
        for (StopLogLine stop : stops) {
            assertThat(stop.millis()).as("%s's stop against its timeout\n%s", stop.component(), log)
                    .isLessThanOrEqualTo(budget.componentStops().get(stop.component()).plus(STOP_MARGIN).toMillis());
        }
        assertThat(log).as("Spring never gave up on a phase").doesNotContain("still running after timeout");
    }

    private static void assertEveryAcknowledgedHttpEventStored(HttpLoad load, StoredEvents stored, String log) {
        Set<String> acknowledged = load.acknowledgedIds();
        assertThat(acknowledged).as("events acknowledged before the signal")
                .hasSizeGreaterThanOrEqualTo((int) HTTP_EVENTS_BEFORE_SIGNAL);
        Set<String> missing = new HashSet<>(acknowledged);
        missing.removeAll(stored.httpIds());
        assertThat(missing).as("acknowledged with 202 but not stored (of %d)\n%s", acknowledged.size(), log).isEmpty();
        assertThat(stored.httpIds()).as("only events the clients sent").allMatch(load::sent);
    }

    /**
     * Syslog over TCP has no acknowledgement: an event counts as received once ingest has read
     * its frame. So everything ingest had read at the last scrape before the signal must be
     * stored, each message once, and nothing the senders did not send.
     */
    private static void assertEverySyslogFrameReadStoredOnce(SyslogLoad load, long framesReadBeforeSignal,
            StoredEvents stored, String log) {
        Map<String, Long> marks = stored.syslogMarks();
        assertThat(marks).as("syslog messages stored at most once").allSatisfy((mark, count) -> assertThat(count).isOne());
        assertThat(marks.keySet()).as("only syslog messages the senders sent").allMatch(load::attempted);
        assertThat(stored.syslogWithoutMark()).as("frames cut short by the stop: at most one per connection")
                .isLessThanOrEqualTo(load.connections());
        assertThat((long) stored.syslogMessages().size())
                .as("every syslog frame ingest had read before the signal is stored\n%s", log)
                .isGreaterThanOrEqualTo(framesReadBeforeSignal);
    }

    /** Frames ingest had read from TCP connections so far, from the Prometheus scrape. */
    private static long syslogFramesRead(Http http, KeelProcess keel) throws IOException, InterruptedException {
        var scrape = http.getAsOps(keel.managementUri("/actuator/prometheus"));
        assertThat(scrape.statusCode()).as("/actuator/prometheus").isEqualTo(200);
        Matcher frames = SYSLOG_FRAMES_READ.matcher(scrape.body());
        assertThat(frames.find()).as("keel_ingest_syslog_frames_total in\n%s", scrape.body()).isTrue();
        return (long) Double.parseDouble(frames.group(1));
    }

    /**
     * Accepted means stored, or spooled and replayed at the next start: if the stop left anything
     * in storage's spool or detect's rescue spool, start the application again on the same
     * directory (in this JVM) and let it replay everything before the file is read.
     *
     * @return whether there was anything to replay
     */
    private static boolean replayLeftovers(Path directory) throws IOException {
        if (!hasFiles(directory.resolve("data").resolve("spool")) && !hasFiles(directory.resolve("detect-rescue"))) {
            return false;
        }
        try (RunningKeel keel = RunningKeel.start(directory)) {
            DetectComponent detect = keel.bean(DetectComponent.class);
            // Tens of thousands of spooled rows at the embedded store's few thousand a second, on a loaded machine.
            await("spools replayed").atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        TableCounters events = keel.storage().counters().events();
                        return keel.storage().health().spoolPendingRows() == 0 && events.queued() == 0
                                && events.inFlight() == 0
                                && ((Number) detect.describe().details().get("rescue_spool_files")).intValue() == 0;
                    });
        }
        return true;
    }

    private static boolean hasFiles(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.anyMatch(Files::isRegularFile);
        }
    }
}
