package dev.keel.ingest.syslog;

import dev.keel.ingest.net.PeerSlots;
import dev.keel.lifecycle.RecoveryPolicy;
import dev.keel.lifecycle.WorkQueue;
import dev.keel.lifecycle.Workers;
import dev.keel.storage.EventSink;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The syslog side of ingest, launched once per component generation: the parse/normalize pool
 * over a bounded hand-off first, then the listeners that feed it (so at stop the listeners end
 * first and the pool drains what they read into downstream), with their sockets bound before
 * anything is launched that needs them, so a port in use fails the start with a clear message.
 */
public final class SyslogIngest {

    static final String HAND_OFF = "syslog-hand-off";
    static final String ACCEPTOR_WORKER = "syslog-tcp-acceptor";
    static final String UDP_WORKER = "syslog-udp-receiver";
    /** How long a parse worker waits for a batch to fill after its first frame. */
    private static final Duration BATCH_MAX_AGE = Duration.ofMillis(5);
    private static final int UDP_RECEIVE_BUFFER = 4 * 1024 * 1024;
    private static final int TCP_BACKLOG = 128;

    private static final Logger log = LoggerFactory.getLogger(SyslogIngest.class);

    private final SyslogSettings settings;
    private final EventSink downstream;
    private final SyslogMetrics metrics;
    private final String component;
    private final SyslogEventMapper mapper;
    private final PeerSlots connections;

    /** The sockets of the current generation; guarded by {@code this}. */
    private ServerSocket tcp;
    private DatagramSocket udp;

    public SyslogIngest(SyslogSettings settings, EventSink downstream, SyslogMetrics metrics, String component) {
        this.settings = settings;
        this.downstream = downstream;
        this.metrics = metrics;
        this.component = component;
        this.mapper = new SyslogEventMapper(settings.rfc3164Zone(), settings.logsource());
        this.connections = new PeerSlots(settings.maxConnections(), settings.maxConnectionsPerPeer(),
                settings.exemptPeers());
        metrics.trackConnections(connections);
    }

    /** Launches the pool, binds both ports and launches the listeners; the sockets are closed on stop. */
    public void launch(Workers workers) throws IOException {
        WorkQueue<SyslogFrame> handOff = workers.queue(HAND_OFF, settings.handOffCapacity());
        SyslogDelivery delivery = new SyslogDelivery(downstream, mapper, metrics, component, settings.batchSize());
        workers.worker(SyslogDelivery.WORKER).platform().pool(settings.parseWorkers(), handOff)
                .rescue(delivery::rescue)
                .eachBatch(settings.batchSize(), BATCH_MAX_AGE, delivery::deliver);

        ServerSocket server = bindTcp();
        DatagramSocket datagrams;
        try {
            datagrams = bindUdp();
        } catch (IOException e) {
            server.close();
            throw e;
        }
        synchronized (this) {
            tcp = server;
            udp = datagrams;
        }
        FrameHandOff frames = new FrameHandOff(handOff, metrics, component);
        SyslogUdpReceiver receiver = new SyslogUdpReceiver(datagrams, settings.maxFrameBytes(), frames);
        // A listener retries transient errors itself and ends only when its socket is gone, which a restart
        // cannot mend (a restart closes what the failed run registered): it fails the component, and health says so.
        workers.worker(UDP_WORKER).virtual().recovery(RecoveryPolicy.escalate()).task(receiver::run);
        SyslogTcpAcceptor acceptor = new SyslogTcpAcceptor(server, workers, settings, frames, metrics, connections);
        workers.worker(ACCEPTOR_WORKER).virtual().recovery(RecoveryPolicy.escalate()).task(acceptor::run);
        log.info("{}: syslog listening on {} TCP port {} and UDP port {}", component, settings.bindAddress(),
                server.getLocalPort(), datagrams.getLocalPort());
    }

    /** Closes the current generation's sockets, if its workers did not (a failed start). */
    public void close() {
        ServerSocket server;
        DatagramSocket datagrams;
        synchronized (this) {
            server = tcp;
            datagrams = udp;
        }
        if (server != null) {
            try {
                server.close();
            } catch (IOException ignored) {
                // Already closed by its worker, or nothing left to release.
            }
        }
        if (datagrams != null) {
            datagrams.close();
        }
    }

    /** Open TCP connections right now. */
    public int activeConnections() {
        return connections.inUse();
    }

    /** The bound TCP port, or -1 before the first launch. */
    public synchronized int tcpPort() {
        return tcp == null ? -1 : tcp.getLocalPort();
    }

    /** The bound UDP port, or -1 before the first launch. */
    public synchronized int udpPort() {
        return udp == null ? -1 : udp.getLocalPort();
    }

    private ServerSocket bindTcp() throws IOException {
        ServerSocket server = new ServerSocket();
        try {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getByName(settings.bindAddress()), settings.port()),
                    TCP_BACKLOG);
            return server;
        } catch (IOException e) {
            server.close();
            throw new IOException("syslog TCP listener cannot bind " + settings.bindAddress() + ":" + settings.port()
                    + ": " + e.getMessage(), e);
        }
    }

    private DatagramSocket bindUdp() throws IOException {
        DatagramSocket socket = new DatagramSocket(null);
        try {
            socket.setReceiveBufferSize(UDP_RECEIVE_BUFFER);
            socket.bind(new InetSocketAddress(InetAddress.getByName(settings.bindAddress()), settings.port()));
            return socket;
        } catch (IOException e) {
            socket.close();
            throw new IOException("syslog UDP listener cannot bind " + settings.bindAddress() + ":" + settings.port()
                    + ": " + e.getMessage(), e);
        }
    }
}
