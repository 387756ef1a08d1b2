package dev.keel.ingest;

import dev.keel.ingest.http.HttpAdmission;
import dev.keel.ingest.http.HttpEventIntake;
import dev.keel.ingest.http.HttpIntakeSettings;
import dev.keel.ingest.http.HttpMetrics;
import dev.keel.ingest.net.AddressRanges;
import dev.keel.ingest.syslog.SyslogIngest;
import dev.keel.ingest.syslog.SyslogMetrics;
import dev.keel.ingest.syslog.SyslogSettings;
import dev.keel.lifecycle.Component;
import dev.keel.lifecycle.LifecycleEnvironment;
import dev.keel.lifecycle.Workers;
import dev.keel.storage.EventSink;
import java.io.IOException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Ingest: the HTTP admission gate and the syslog listeners with their parse/normalize pool,
 * handing events to {@code downstream} (detect, in the application). Starts last and stops
 * first: on stop it refuses new HTTP requests (503) and waits for admissions under way, stops
 * accepting and reading syslog, closes connections, and drains what was read downstream, which
 * must still be running.
 *
 * <p>Workers per generation, in launch order (stopped newest first): the {@code syslog-parser}
 * pool, {@code syslog-udp-receiver}, {@code syslog-tcp-acceptor} (which launches one
 * {@code syslog-tcp-connection} per connection) and {@code http-admission}.
 */
public final class IngestComponent extends Component {

    public static final String NAME = "ingest";
    static final String HTTP_ADMISSION_WORKER = "http-admission";

    private final IngestProperties properties;
    private final HttpAdmission httpAdmission;
    private final HttpEventIntake httpIntake;
    private final SyslogIngest syslog;

    public IngestComponent(IngestProperties properties, EventSink downstream, LifecycleEnvironment environment) {
        super(NAME, properties.stopTimeout(), environment);
        this.properties = properties;
        Objects.requireNonNull(downstream, "downstream");
        HttpIntakeSettings http = httpSettings(properties);
        this.httpAdmission = new HttpAdmission(downstream, http.admissionWait());
        this.httpIntake = new HttpEventIntake(http, httpAdmission, new HttpMetrics(environment.meters()));
        this.syslog = properties.syslog().enabled()
                ? new SyslogIngest(syslogSettings(properties), downstream, new SyslogMetrics(environment.meters()),
                        NAME)
                : null;
    }

    /** What the HTTP controller serves: {@code new EventsController(ingest.httpIntake())}. */
    public HttpEventIntake httpIntake() {
        return httpIntake;
    }

    /** True while HTTP requests are admitted: between the end of start-up and the beginning of stop. */
    public boolean acceptingHttp() {
        return httpAdmission.isOpen();
    }

    /** The bound syslog TCP port (useful with port 0), or -1 when syslog is disabled or not yet started. */
    public int syslogTcpPort() {
        return syslog == null ? -1 : syslog.tcpPort();
    }

    /** The bound syslog UDP port, or -1 when syslog is disabled or not yet started. */
    public int syslogUdpPort() {
        return syslog == null ? -1 : syslog.udpPort();
    }

    /** Open syslog TCP connections right now. */
    public int syslogConnections() {
        return syslog == null ? 0 : syslog.activeConnections();
    }

    public IngestProperties properties() {
        return properties;
    }

    @Override
    protected void startUp(Workers workers) throws IOException {
        if (syslog != null) {
            syslog.launch(workers);
        }
        // Launched last, so it is the first stage stopped; it closes the gate the moment stop begins.
        workers.worker(HTTP_ADMISSION_WORKER).virtual().task(context -> {
            while (!context.awaitStop(Duration.ofDays(1))) {
                // Nothing to do until stop: this worker exists to close the gate then.
            }
            httpAdmission.closeAndAwaitIdle();
        });
        httpAdmission.open();
    }

    /** For the workers endpoint and health: whether HTTP is admitted, the syslog ports and open connections. */
    @Override
    protected Map<String, Object> details() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("http_accepting", httpAdmission.isOpen());
        details.put("syslog_enabled", syslog != null);
        if (syslog != null) {
            details.put("syslog_tcp_port", syslog.tcpPort());
            details.put("syslog_udp_port", syslog.udpPort());
            details.put("syslog_connections", syslog.activeConnections());
        }
        return details;
    }

    @Override
    protected void shutDown() {
        if (syslog != null) {
            syslog.close();
        }
    }

    private static HttpIntakeSettings httpSettings(IngestProperties properties) {
        IngestProperties.Http http = properties.http();
        return new HttpIntakeSettings(properties.apiKeys(), http.maxBodySize().toBytes(),
                (int) http.maxEventSize().toBytes(), http.maxDepth(), http.maxFields(), http.maxEvents(),
                http.maxConcurrentRequests(), http.maxConcurrentRequestsPerPeer(), http.admissionWait(), http.bodyTimeout(), http.minBodyRate().toBytes(),
                properties.retryAfter(), inputLogSources(http));
    }

    private static Map<String, Map<String, String>> inputLogSources(IngestProperties.Http http) {
        Map<String, Map<String, String>> logsources = new HashMap<>();
        http.inputs().forEach((name, input) -> logsources.put(name, input.logsource()));
        return logsources;
    }

    private static SyslogSettings syslogSettings(IngestProperties properties) {
        IngestProperties.Syslog syslog = properties.syslog();
        return new SyslogSettings(syslog.bindAddress(), syslog.port(), syslog.maxConnections(), syslog.idleTimeout(),
                (int) syslog.maxFrameSize().toBytes(), syslog.parseWorkers(), syslog.handOffCapacity(),
                syslog.batchSize(), ZoneId.systemDefault(), syslog.maxConnectionsPerPeer(),
                AddressRanges.parse(syslog.exemptPeers()), syslog.logsource());
    }
}
