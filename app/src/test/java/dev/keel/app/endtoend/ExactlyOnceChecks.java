package dev.keel.app.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.app.endtoend.ClickHouseTables.StoredAlert;
import dev.keel.app.endtoend.ClickHouseTables.SyslogRows;
import dev.keel.storage.TableCounters;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.assertj.core.api.SoftAssertions;

/**
 * What "every acknowledged event is stored exactly once" means here, checked from two sides.
 *
 * <p><b>The application's own accounts</b> ({@link #accountsBalance}): after the stop, storage's
 * counters balance with nothing queued, in flight, lost, dead-lettered or spooled (ClickHouse was
 * up); every event ingest handed on reached storage (detect rescued none), every alert detect
 * raised reached storage, and every syslog message ingest read was accepted (or was a datagram
 * dropped at a full hand-off, and counted).
 *
 * <p><b>What ClickHouse holds</b> ({@link #storedExactlyOnce}), read with merges stopped, so that
 * a row inserted twice stays visible as two raw rows (a ReplacingMergeTree would hide it after a
 * merge):
 * <ul>
 * <li>HTTP: every event a 202 acknowledged is there, as exactly one raw row; nothing is there that
 *     was not sent; there are exactly as many as ingest accepted (a 202 whose answer the stop cut
 *     off may be stored without the client knowing; never the other way round).
 * <li>Syslog over TCP has no acknowledgement. What can be claimed: every message of a connection
 *     the sender closed before the stop is there exactly once (ingest had read them all); on a
 *     connection the stop closed mid-stream, the messages stored are exactly the first k the
 *     sender wrote, each once, with no gap (TCP delivers in order and ingest hands on everything
 *     it read), plus at most one frame the stop cut short, kept as a raw event. In total, as many
 *     rows as ingest read.
 * <li>Syslog over UDP is best effort: the datagrams stored are exactly as many as ingest read and
 *     did not drop, each once.
 * <li>Alerts: exactly one per stored flagged event.
 * <li>In total: raw rows = distinct ids = rows seen through {@code FINAL} = what storage says it
 *     wrote (stored + replayed) = every event accepted, over every run so far.
 * </ul>
 */
final class ExactlyOnceChecks {

    private ExactlyOnceChecks() {}

    static void accountsBalance(LoadRun run) {
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(run.httpUnexpected()).as("%s: answers no client should get", run.run()).isEmpty();
        softly.assertThat(run.httpSent()).as("%s: acknowledged events were sent", run.run())
                .containsAll(run.httpAcknowledged());
        softly.assertThat(run.cleanStops()).as("%s: every component stopped cleanly under load", run.run())
                .containsOnlyKeys("console", "http", "ingest", "detect", "storage").doesNotContainValue(false);
        for (TableCounters table : List.of(run.storage().events(), run.storage().alerts())) {
            softly.assertThat(table.balanced())
                    .as("%s: accepted = stored + spooled + dead-lettered + lost + queued + in flight: %s", run.run(),
                            table)
                    .isTrue();
            softly.assertThat(table.settled()).as("%s: nothing queued or in flight after the stop: %s", run.run(),
                    table).isTrue();
            softly.assertThat(table.lost()).as("%s: %s lost", run.run(), table.table()).isZero();
            softly.assertThat(table.deadLettered()).as("%s: %s dead-lettered", run.run(), table.table()).isZero();
            softly.assertThat(table.spooled())
                    .as("%s: %s spooled although ClickHouse was up: the stop did not finish writing in time",
                            run.run(), table.table())
                    .isZero();
        }
        PipelineMeters meters = run.meters();
        softly.assertThat(meters.detectRescued()).as("%s: detect handed everything to storage", run.run()).isZero();
        softly.assertThat(meters.syslogUndelivered()).as("%s: syslog read but undelivered", run.run()).isZero();
        softly.assertThat(meters.tcpFrames() + meters.udpFrames())
                .as("%s: every syslog message read was accepted or was a datagram dropped at a full hand-off: %s",
                        run.run(), meters)
                .isEqualTo(meters.syslogAccepted() + meters.udpDropped() + meters.syslogUndelivered());
        softly.assertThat(run.storage().events().accepted())
                .as("%s: storage accepted every event ingest accepted: %s", run.run(), meters)
                .isEqualTo(meters.ingestAccepted());
        softly.assertThat(run.storage().alerts().accepted())
                .as("%s: storage accepted every alert detect raised", run.run()).isEqualTo(meters.alertsRaised());
        softly.assertThat(meters.httpAccepted())
                .as("%s: ingest accepted at least every acknowledged event, at most every sent one", run.run())
                .isBetween((long) run.httpAcknowledged().size(), (long) run.httpSent().size());
        softly.assertThat(run.tcpClosedByService())
                .as("%s: the stop closed every syslog connection that was still sending", run.run())
                .containsExactlyInAnyOrderElementsOf(run.tcpWritten().keySet());
        softly.assertThat(meters.udpFrames()).as("%s: datagrams read", run.run()).isLessThanOrEqualTo(run.udpSent());
        softly.assertAll();
    }

    /** A later run replays at its start whatever an earlier run left in the spool, before it writes anything new. */
    static void restartReplayed(LoadRun earlier, LoadRun later) {
        assertThat(later.replayedAtStart()).as("rows %s left in the spool, replayed by %s", earlier.run(), later.run())
                .isEqualTo(earlier.storage().events().spoolPending() + earlier.storage().alerts().spoolPending());
    }

    /** Checks the tables against every run so far on this database. */
    static void storedExactlyOnce(ClickHouseTables tables, List<LoadRun> runs) throws IOException {
        long rawEvents = tables.rawCount("events");
        long distinctIds = tables.distinctEventIds();
        long finalEvents = tables.finalCount("events");
        Map<String, Long> httpRows = tables.rowsPerEventId("http");
        List<SyslogRows> syslogRows = tables.syslogRows();
        List<StoredAlert> alerts = tables.alerts("e2e-flagged");
        long rawAlerts = tables.rawCount("alerts");
        long finalAlerts = tables.finalCount("alerts");

        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(rawEvents).as("raw event rows = rows storage wrote (stored + replayed), all runs")
                .isEqualTo(sum(runs, r -> r.storage().events().stored() + r.storage().events().replayed()));
        softly.assertThat(rawEvents).as("raw event rows = events storage accepted, all runs")
                .isEqualTo(sum(runs, r -> r.storage().events().accepted()));
        softly.assertThat(distinctIds).as("no event id in two raw rows (merges are stopped)").isEqualTo(rawEvents);
        softly.assertThat(finalEvents).as("rows seen through FINAL").isEqualTo(rawEvents);
        checkHttp(softly, httpRows, runs);
        checkSyslog(softly, syslogRows, runs);
        checkAlerts(softly, alerts, httpRows.keySet(), runs);
        softly.assertThat(rawAlerts).as("raw alert rows = alerts detect raised, all runs")
                .isEqualTo(sum(runs, r -> r.meters().alertsRaised())).isEqualTo(alerts.size());
        softly.assertThat(finalAlerts).as("alert rows seen through FINAL").isEqualTo(rawAlerts);
        softly.assertAll();
    }

    private static void checkHttp(SoftAssertions softly, Map<String, Long> rows, List<LoadRun> runs) {
        Set<String> acknowledged = union(runs, LoadRun::httpAcknowledged);
        Set<String> sent = union(runs, LoadRun::httpSent);
        softly.assertThat(acknowledged).as("HTTP events acknowledged (202) but not in ClickHouse")
                .allMatch(rows::containsKey);
        softly.assertThat(rows.keySet()).as("HTTP events in ClickHouse that were never sent").allMatch(sent::contains);
        softly.assertThat(duplicates(rows)).as("HTTP events in more than one raw row").isEmpty();
        softly.assertThat((long) rows.size()).as("HTTP events in ClickHouse = events ingest accepted over HTTP")
                .isEqualTo(sum(runs, r -> r.meters().httpAccepted()));
        softly.assertThat(acknowledged).as("acknowledged HTTP events").hasSizeGreaterThanOrEqualTo(
                runs.size() * StopUnderLoadScenario.ACKNOWLEDGED_BEFORE_STOP);
    }

    private static void checkSyslog(SoftAssertions softly, List<SyslogRows> rows, List<LoadRun> runs) {
        // run -> connection -> message numbers stored
        Map<String, Map<String, List<Integer>>> stored = new TreeMap<>();
        long completeTcp = 0;
        long completeUdp = 0;
        long cutShort = 0;
        for (SyslogRows row : rows) {
            Matcher mark = SyslogLoad.parse(row.message());
            if (mark == null) {
                softly.assertThat(row.cutShort()).as("a syslog row that is no complete message: %s", row).isTrue();
                cutShort += row.rows();
                continue;
            }
            softly.assertThat(row.rows()).as("raw rows of syslog message '%s'", row.message()).isEqualTo(1);
            stored.computeIfAbsent(mark.group(1), run -> new TreeMap<>())
                    .computeIfAbsent(mark.group(2), connection -> new ArrayList<>())
                    .add(Integer.parseInt(mark.group(3)));
            if (mark.group(2).startsWith("udp")) {
                completeUdp += row.rows();
            } else {
                completeTcp += row.rows();
            }
        }
        softly.assertThat(stored.keySet()).as("runs with syslog messages in ClickHouse")
                .containsExactlyInAnyOrderElementsOf(runs.stream().map(LoadRun::run).toList());
        for (LoadRun run : runs) {
            Map<String, List<Integer>> connections = stored.getOrDefault(run.run(), Map.of());
            Set<String> known = new HashSet<>(run.preStopConnections());
            known.addAll(run.tcpWritten().keySet());
            known.add("udp0");
            softly.assertThat(connections.keySet()).as("%s: syslog connections in ClickHouse", run.run())
                    .isSubsetOf(known).containsAll(run.preStopConnections());
            for (String connection : run.preStopConnections()) {
                softly.assertThat(sorted(connections.get(connection)))
                        .as("%s/%s: every message sent and read before the stop, once", run.run(), connection)
                        .isEqualTo(firstN(run.preStopMessages()));
            }
            run.tcpWritten().forEach((connection, written) -> {
                List<Integer> numbers = sorted(connections.getOrDefault(connection, List.of()));
                softly.assertThat(numbers).as("%s/%s: the first k messages written (%d), each once, no gap", run.run(),
                        connection, written).isEqualTo(firstN(numbers.size()));
                softly.assertThat(numbers.size()).as("%s/%s: stored at most what was written", run.run(), connection)
                        .isLessThanOrEqualTo(written);
            });
            List<Integer> datagrams = connections.getOrDefault("udp0", List.of());
            softly.assertThat((long) datagrams.size()).as("%s: datagrams stored = read and not dropped", run.run())
                    .isEqualTo(run.meters().udpFrames() - run.meters().udpDropped());
            softly.assertThat(datagrams).as("%s: datagrams stored were sent", run.run())
                    .allMatch(n -> n < run.udpSent());
        }
        softly.assertThat(cutShort).as("frames the stop cut short: at most one per connection it closed")
                .isLessThanOrEqualTo(sum(runs, r -> r.tcpWritten().size()));
        softly.assertThat(completeTcp + cutShort).as("TCP syslog rows = messages ingest read over TCP, all runs")
                .isEqualTo(sum(runs, r -> r.meters().tcpFrames()));
        softly.assertThat(completeUdp + completeTcp + cutShort).as("syslog rows = syslog events ingest accepted")
                .isEqualTo(sum(runs, r -> r.meters().syslogAccepted()));
    }

    private static void checkAlerts(SoftAssertions softly, List<StoredAlert> alerts, Set<String> storedHttp,
            List<LoadRun> runs) {
        Map<String, Long> perEvent = new HashMap<>();
        for (StoredAlert alert : alerts) {
            softly.assertThat(alert.eventIds()).as("a detection alert names its one event: %s", alert).hasSize(1);
            if (!alert.eventIds().isEmpty()) {
                perEvent.merge(alert.eventIds().getFirst(), 1L, Long::sum);
            }
        }
        Set<String> expected = union(runs, LoadRun::httpFlaggedSent).stream().filter(storedHttp::contains)
                .collect(Collectors.toSet());
        softly.assertThat(perEvent.keySet()).as("alerts: one per stored flagged event")
                .containsExactlyInAnyOrderElementsOf(expected);
        softly.assertThat(duplicates(perEvent)).as("flagged events with more than one alert").isEmpty();
        softly.assertThat(expected).as("flagged events stored").isNotEmpty();
    }

    private static Map<String, Long> duplicates(Map<String, Long> rows) {
        return rows.entrySet().stream().filter(e -> e.getValue() != 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
    }

    private static Set<String> union(List<LoadRun> runs, Function<LoadRun, Set<String>> part) {
        Set<String> all = new HashSet<>();
        runs.forEach(run -> all.addAll(part.apply(run)));
        return all;
    }

    private static long sum(List<LoadRun> runs, ToLongFunction<LoadRun> part) {
        return runs.stream().mapToLong(part).sum();
    }

    private static List<Integer> sorted(List<Integer> numbers) {
        return numbers == null ? List.of() : new TreeSet<>(numbers).stream().toList();
    }

    private static List<Integer> firstN(int n) {
        return IntStream.range(0, n).boxed().toList();
    }
}
