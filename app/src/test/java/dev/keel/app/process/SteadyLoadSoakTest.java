package dev.keel.app.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keel.app.support.Http;
import dev.keel.app.support.RunningKeel;
import dev.keel.lifecycle.testing.LeakCheck;
import dev.keel.storage.TableCounters;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bounded soak: the whole application in this JVM under steady HTTP and syslog load, in rounds
 * that each open and close their own connections. After a warm-up, what a round leaves behind
 * (threads, tracked workers, heap after a full collection) must not grow, and every
 * acknowledged event must be stored exactly once.
 */
// Longer than the suite's default timeout (5 m): a minute of load, then waits of up to a minute for storage.
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class SteadyLoadSoakTest {

    @RegisterExtension
    LeakCheck leaks = LeakCheck.create().linger(Duration.ofSeconds(30));

    /**
     * 60 s of load: ten measured rounds after the warm-up, enough for a leak per connection or per
     * request to show as a trend, and short enough to keep all process tests within about three
     * minutes on a shared 2-core machine. Raise it (and keep ROUND) for a longer soak by hand.
     */
    static final Duration SOAK = Duration.ofSeconds(60);
    static final Duration ROUND = Duration.ofSeconds(5);
    /** Rounds in which the JIT, Tomcat's thread pool and the caches settle; not compared. */
    static final int WARM_UP_ROUNDS = 2;
    /** How many rounds at each end of the measured run are compared. */
    static final int COMPARED_ROUNDS = 3;
    static final int THREAD_TOLERANCE = 5;
    static final long HEAP_TOLERANCE = 64L * 1024 * 1024;

    /**
     * Per client: 25 events every 100 ms, so about 500 events/s over HTTP and 500 messages/s over
     * syslog: well below what the embedded store writes on a loaded 2-core machine (a few thousand
     * rows a second), so queues stay near empty and the heap samples measure leaks, not backlog.
     */
    static final int CLIENTS = 2;
    static final int EVENTS_PER_REQUEST = 25;
    static final Duration PERIOD = Duration.ofMillis(100);

    @Test
    void threadsWorkersAndHeapStayFlatUnderSteadyLoadAndEveryAcknowledgedEventIsStoredOnce(@TempDir Path directory)
            throws Exception {
        int rounds = (int) SOAK.dividedBy(ROUND);
        List<SoakSample> samples = new ArrayList<>();
        List<HttpLoad> httpLoads = new ArrayList<>();
        List<SyslogLoad> syslogLoads = new ArrayList<>();
        Set<String> idleWorkers;
        try (RunningKeel keel = RunningKeel.start(directory); Http http = new Http()) {
            idleWorkers = SoakSample.liveWorkers();
            for (int round = 1; round <= rounds; round++) {
                try (HttpLoad httpLoad = HttpLoad.start(http, keel.uri("/api/v1/events/bulk"), "h" + round, CLIENTS,
                                EVENTS_PER_REQUEST, PERIOD);
                        SyslogLoad syslogLoad = SyslogLoad.start(keel.ingest().syslogTcpPort(), "s" + round, CLIENTS,
                                EVENTS_PER_REQUEST, PERIOD)) {
                    httpLoads.add(httpLoad);
                    syslogLoads.add(syslogLoad);
                    Thread.sleep(ROUND.toMillis()); // the round's length of steady load, not a wait for an outcome
                }
                await("round " + round + ": the connections' workers end once the senders close")
                        .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                        .untilAsserted(() -> assertThat(SoakSample.liveWorkers()).isSubsetOf(idleWorkers));
                samples.add(SoakSample.take(round));
            }
            long expected = sum(httpLoads, HttpLoad::acknowledged) + sum(syslogLoads, SyslogLoad::written);
            await("storage wrote everything accepted").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> {
                        TableCounters events = keel.storage().counters().events();
                        assertThat(events.accepted()).as("accepted: %s", events).isEqualTo(expected);
                        assertThat(events.stored()).as("stored: %s", events).isEqualTo(expected);
                    });
        }
        samples.forEach(System.out::println);
        httpLoads.forEach(load -> System.out.println(load.summary()));
        syslogLoads.forEach(load -> System.out.println(load.summary()));

        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(endedByRound(idleWorkers, samples))
                .as("workers running at start that ended during the soak, by round (no stop was asked)").isEmpty();
        List<SoakSample> measured = samples.subList(WARM_UP_ROUNDS, samples.size());
        List<SoakSample> first = measured.subList(0, COMPARED_ROUNDS);
        List<SoakSample> last = measured.subList(measured.size() - COMPARED_ROUNDS, measured.size());
        softly.assertThat(max(last, SoakSample::threads)).as("live threads, last rounds against first: %s", samples)
                .isLessThanOrEqualTo(max(first, SoakSample::threads) + THREAD_TOLERANCE);
        softly.assertThat(max(last, SoakSample::heapUsed)).as("heap after GC, last rounds against first: %s", samples)
                .isLessThanOrEqualTo(max(first, SoakSample::heapUsed) + HEAP_TOLERANCE);
        for (HttpLoad load : httpLoads) {
            softly.assertThat(load.failures()).as("unanswered requests: %s", load.summary()).isZero();
            softly.assertThat(load.partiallyAccepted()).as(load.summary()).isZero();
            softly.assertThat(load.statuses().keySet()).as("only 202, or 429 when full: %s", load.summary())
                    .isSubsetOf(202, 429);
        }
        syslogLoads.forEach(load -> softly.assertThat(load.failures()).as(load.summary()).isZero());
        assertEveryEventStoredOnce(directory, httpLoads, syslogLoads, softly);
        softly.assertAll();
    }

    /** Every acknowledged HTTP event and every syslog message sent (the senders closed cleanly, so all were read). */
    private static void assertEveryEventStoredOnce(Path directory, List<HttpLoad> httpLoads,
            List<SyslogLoad> syslogLoads, SoftAssertions softly) throws SQLException {
        StoredEvents stored = StoredEvents.read(directory.resolve("data"), "keel");
        System.out.println("stored after the soak: " + stored.summary());
        softly.assertThat(stored.rows()).isEqualTo(stored.distinctIds());
        Set<String> acknowledged = new HashSet<>();
        httpLoads.forEach(load -> acknowledged.addAll(load.acknowledgedIds()));
        softly.assertThat(difference(acknowledged, stored.httpIds())).as("acknowledged HTTP events not stored").isEmpty();
        softly.assertThat(difference(stored.httpIds(), acknowledged)).as("stored HTTP events never acknowledged").isEmpty();
        Set<String> sent = new HashSet<>();
        syslogLoads.forEach(load -> sent.addAll(load.attemptedMarks()));
        Map<String, Long> marks = stored.syslogMarks();
        softly.assertThat(difference(sent, marks.keySet())).as("syslog messages sent but not stored").isEmpty();
        softly.assertThat(difference(marks.keySet(), sent)).as("syslog messages stored but never sent").isEmpty();
        softly.assertThat(marks).as("each syslog message once").allSatisfy((mark, count) -> assertThat(count).isOne());
        softly.assertThat(stored.syslogWithoutMark()).as("no frame cut short: every sender closed cleanly").isZero();
    }

    /** For each round, the workers of the idle application that were no longer running after it. */
    private static Map<Integer, Set<String>> endedByRound(Set<String> idleWorkers, List<SoakSample> samples) {
        Map<Integer, Set<String>> ended = new TreeMap<>();
        for (SoakSample sample : samples) {
            Set<String> gone = difference(idleWorkers, sample.workers());
            if (!gone.isEmpty()) {
                ended.put(sample.round(), gone);
            }
        }
        return ended;
    }

    private static Set<String> difference(Set<String> from, Set<String> without) {
        Set<String> rest = new TreeSet<>(from);
        rest.removeAll(without);
        return rest;
    }

    private static <T> long sum(List<T> loads, ToLongFunction<T> count) {
        return loads.stream().mapToLong(count).sum();
    }

    private static <T> long max(List<T> samples, ToLongFunction<T> value) {
        return samples.stream().mapToLong(value).max().orElseThrow();
    }
}
