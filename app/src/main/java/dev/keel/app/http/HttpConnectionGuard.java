package dev.keel.app.http;

import dev.keel.ingest.net.AddressRanges;
import dev.keel.lifecycle.Component;
import dev.keel.lifecycle.LifecycleEnvironment;
import dev.keel.lifecycle.Workers;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;

/**
 * The ingest port's defences against clients that hold connections instead of using them: the
 * per-peer connection limit and the request-head deadline, attached to every connector of the
 * ingest server (not the management server, which listens on loopback with its own threads).
 * A component so that the deadline's sweep is a tracked worker like every other.
 */
public final class HttpConnectionGuard extends Component {

    /** The deadline is met to within a tenth of itself. */
    private static final int SWEEPS_PER_DEADLINE = 10;

    private final PeerConnectionLimit peerLimit;
    private final RequestHeadDeadline headDeadline;
    private final Duration sweepPeriod;

    public HttpConnectionGuard(HttpConnectionProperties properties, LifecycleEnvironment environment) {
        super("http", DEFAULT_STOP_TIMEOUT, environment);
        MeterRegistry meters = environment.meters();
        this.peerLimit = new PeerConnectionLimit(properties.maxConnectionsPerPeer(),
                AddressRanges.parse(properties.exemptPeers()), meters);
        this.headDeadline = new RequestHeadDeadline(properties.requestHeadTimeout(), meters);
        this.sweepPeriod = properties.requestHeadTimeout().dividedBy(SWEEPS_PER_DEADLINE);
    }

    /** Watches every connection {@code server} accepts. */
    public void guard(Server server) {
        for (Connector connector : server.getConnectors()) {
            connector.addEventListener(peerLimit);
            connector.addEventListener(headDeadline);
        }
    }

    @Override
    protected void startUp(Workers workers) {
        workers.worker("head-deadline").virtual().every(sweepPeriod, context -> headDeadline.sweep());
    }

    @Override
    protected Map<String, Object> details() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("open_connections", headDeadline.openConnections());
        details.put("peers", peerLimit.peers());
        details.put("peers_at_limit", peerLimit.peersAtLimit());
        details.put("refused_per_peer_limit", peerLimit.refusedCount());
        details.put("closed_request_head_timeout", headDeadline.expiredCount());
        return details;
    }

    static Counter closedCounter(MeterRegistry meters, String reason) {
        return Counter.builder("keel.http.connections.closed")
                .description("HTTP connections Keel closed itself: a peer over its connection limit, "
                        + "or no complete request head within the deadline")
                .tag("reason", reason)
                .register(meters);
    }
}
