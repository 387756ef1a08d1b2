package dev.keel.app.endtoend;

import static org.awaitility.Awaitility.await;

import dev.keel.app.support.RunningKeel;
import dev.keel.lifecycle.spring.ComponentLifecycle;
import dev.keel.storage.StorageComponent;
import dev.keel.storage.StorageCounters;
import dev.keel.storage.TableCounters;
import dev.keel.storage.testing.ClickHouseHttp;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end-to-end scenario shared by the local-server and the container tests: start the whole
 * application on a ClickHouse database, send syslog that ingest reads completely, then load it
 * from HTTP clients, TCP syslog streams and a UDP sender, and close the context in the middle of
 * that load. Run it again on the same database and directory for a restart. What each run saw
 * is returned as a {@link LoadRun}; {@link ExactlyOnceChecks} judges it.
 */
final class StopUnderLoadScenario {

    static final String RULE_SET = "load";
    static final int PRE_STOP_CONNECTIONS = 3;
    static final int PRE_STOP_MESSAGES = 400;
    static final int HTTP_CLIENTS = 4;
    static final int TCP_STREAMS = 2;
    /** How much load must have got through before the close: every path busy, rows reaching ClickHouse. */
    static final int ACKNOWLEDGED_BEFORE_STOP = 10_000;
    static final int STREAMED_BEFORE_STOP = 5_000;
    static final int DATAGRAMS_BEFORE_STOP = 200;

    private static final Logger log = LoggerFactory.getLogger(StopUnderLoadScenario.class);
    private static final Duration GENEROUS = Duration.ofSeconds(90);

    private final ClickHouseHttp clickhouse;
    private final ClickHouseTables tables;
    private final Path directory;

    StopUnderLoadScenario(ClickHouseHttp clickhouse, String database, Path directory) {
        this.clickhouse = clickhouse;
        this.tables = new ClickHouseTables(clickhouse, database);
        this.directory = directory;
    }

    ClickHouseTables tables() {
        return tables;
    }

    /** One life of the application: start, syslog read before the stop, load, close mid-load. */
    LoadRun runAndStopUnderLoad(String run) throws Exception {
        RunningKeel keel = KeelOnClickHouse.start(clickhouse, tables.database(), directory, RULE_SET, Map.of());
        try {
            StorageComponent storage = keel.storage();
            MeterRegistry meters = keel.bean(MeterRegistry.class);
            List<ComponentLifecycle> components = List.copyOf(
                    keel.context().getBeansOfType(ComponentLifecycle.class).values());
            StorageCounters atStart = awaitSchemaAndReplay(storage);
            tables.stopMerges();
            List<String> preStop = sendSyslogReadBeforeTheStop(keel, meters, run);
            long preStopFrames = (long) PRE_STOP_CONNECTIONS * PRE_STOP_MESSAGES;

            try (HttpLoad http = new HttpLoad(keel.uri("/"), run);
                    SyslogLoad syslog = new SyslogLoad(keel.ingest().syslogTcpPort(), keel.ingest().syslogUdpPort(),
                            run)) {
                http.start(HTTP_CLIENTS);
                syslog.startTcpStreams(TCP_STREAMS);
                syslog.startUdpStream();
                await("load on every path, rows reaching ClickHouse").atMost(GENEROUS).until(() -> {
                    PipelineMeters now = PipelineMeters.read(meters);
                    return http.acknowledgedCount() >= ACKNOWLEDGED_BEFORE_STOP
                            && now.tcpFrames() >= preStopFrames + STREAMED_BEFORE_STOP
                            && now.udpFrames() >= DATAGRAMS_BEFORE_STOP
                            && storage.counters().events().stored() > 0;
                });

                http.stopBegins();
                TableCounters atClose = storage.counters().events();
                long closing = System.nanoTime();
                keel.close(); // the stop, in the middle of the load
                Duration stopTook = Duration.ofNanos(System.nanoTime() - closing);

                http.awaitEnd(GENEROUS); // each ends at its first refused or closed connection
                syslog.end();            // UDP cannot tell that nobody listens; TCP streams check their connection
                syslog.awaitEnd(GENEROUS);

                Map<String, Boolean> cleanStops = new LinkedHashMap<>();
                components.forEach(c -> cleanStops.put(c.component().name(),
                        c.component().lastStop() != null && c.component().lastStop().clean()));
                LoadRun result = new LoadRun(run, http.sent(), http.acknowledged(), http.flaggedSent(),
                        http.answers(), http.unexpectedAnswers(), http.acknowledgedAfterStopBegan(), preStop,
                        PRE_STOP_MESSAGES, syslog.tcpWritten(), syslog.closedByService(), syslog.udpSent(),
                        atStart.events().replayed() + atStart.alerts().replayed(), PipelineMeters.read(meters),
                        storage.counters(), atClose.queued() + atClose.inFlight(), cleanStops, stopTook);
                log.info("end-to-end {}; ClickHouse parts: events {}, alerts {}", result.summary(),
                        tables.parts("events"), tables.parts("alerts"));
                return result;
            }
        } finally {
            keel.close();
        }
    }

    /** At start, storage migrates the schema and replays an earlier run's spool before it writes anything new. */
    private static StorageCounters awaitSchemaAndReplay(StorageComponent storage) {
        await("schema ready and spool replayed").atMost(GENEROUS).until(() -> storage.health().schemaReady()
                && storage.counters().events().spoolPending() == 0
                && storage.counters().alerts().spoolPending() == 0);
        return storage.counters();
    }

    /** Syslog on connections the sender closes, all read by ingest before the stop; returns the connections. */
    private static List<String> sendSyslogReadBeforeTheStop(RunningKeel keel, MeterRegistry meters, String run)
            throws InterruptedException {
        SyslogLoad.sendAndClose(keel.ingest().syslogTcpPort(), run, "pre", PRE_STOP_CONNECTIONS, PRE_STOP_MESSAGES);
        long frames = (long) PRE_STOP_CONNECTIONS * PRE_STOP_MESSAGES;
        await("ingest read every syslog message sent before the stop").atMost(GENEROUS)
                .until(() -> PipelineMeters.read(meters).tcpFrames() == frames);
        return IntStream.range(0, PRE_STOP_CONNECTIONS).mapToObj(c -> "pre" + c).toList();
    }
}
