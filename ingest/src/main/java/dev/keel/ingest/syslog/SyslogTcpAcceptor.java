package dev.keel.ingest.syslog;

import dev.keel.ingest.net.PeerSlots;
import dev.keel.lifecycle.RecoveryPolicy;
import dev.keel.lifecycle.WorkerContext;
import dev.keel.lifecycle.Workers;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP acceptor loop: takes connections and launches one tracked handler worker for each,
 * up to max-connections, and max-connections-per-peer per address ({@link PeerSlots}); a
 * connection beyond either is closed at once
 * (and counted), so the sender sees it and can retry elsewhere. Stop closes the server socket
 * under the blocked accept. A handler that cannot be launched (refused because stop began, or
 * any other launch failure) gets its socket closed and its slot back here, and the loop goes on.
 */
final class SyslogTcpAcceptor {

    static final String CONNECTION_WORKER = "syslog-tcp-connection";

    private static final Logger log = LoggerFactory.getLogger(SyslogTcpAcceptor.class);
    private static final Duration ACCEPT_RETRY = Duration.ofMillis(200);

    private final ServerSocket server;
    private final Workers workers;
    private final SyslogSettings settings;
    private final FrameHandOff handOff;
    private final SyslogMetrics metrics;
    private final PeerSlots slots;
    private final LogThrottle refusalLog = new LogThrottle(Duration.ofSeconds(10));

    SyslogTcpAcceptor(ServerSocket server, Workers workers, SyslogSettings settings, FrameHandOff handOff,
            SyslogMetrics metrics, PeerSlots slots) {
        this.server = server;
        this.workers = workers;
        this.settings = settings;
        this.handOff = handOff;
        this.metrics = metrics;
        this.slots = slots;
    }

    void run(WorkerContext context) throws IOException, InterruptedException {
        context.closeOnStop(server);
        while (!context.stopRequested()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (context.stopRequested() || server.isClosed()) {
                    throw e; // the expected end at stop; otherwise the socket is gone and the failure escalates
                }
                // Transient (out of file descriptors...): back off and accept again.
                log.warn("{}/{}: accepting a syslog connection failed: {}; retrying", context.component(),
                        context.workerId(), e.toString());
                context.awaitStop(ACCEPT_RETRY);
                continue;
            }
            admit(socket, context);
        }
    }

    private void admit(Socket socket, WorkerContext context) {
        String peer = Peers.describe(socket.getRemoteSocketAddress());
        InetAddress address = socket.getInetAddress();
        PeerSlots.Refusal refusal = slots.tryTake(address);
        if (refusal != PeerSlots.Refusal.NONE) {
            metrics.connectionRefused();
            closeQuietly(socket);
            logRefusal(peer, refusal, context);
            return;
        }
        metrics.connectionOpened();
        SyslogTcpConnection connection = new SyslogTcpConnection(socket, peer, settings, handOff, metrics, slots);
        try {
            workers.worker(CONNECTION_WORKER).virtual().recovery(RecoveryPolicy.exit()).task(connection::run);
        } catch (RuntimeException notLaunched) {
            // No handler owns the connection: give its slot back and close it, and keep accepting.
            slots.release(address);
            closeQuietly(socket);
            if (!(notLaunched instanceof RejectedExecutionException)) {
                log.warn("{}/{}: could not launch a handler for the syslog connection from {}; closed it",
                        context.component(), context.workerId(), peer, notLaunched);
            }
        }
    }

    private void logRefusal(String peer, PeerSlots.Refusal refusal, WorkerContext context) {
        if (refusalLog.allow()) {
            String limit = refusal == PeerSlots.Refusal.PEER_SHARE_TAKEN
                    ? "its address holds its share: max-connections-per-peer " + slots.maxPerPeer()
                            + ", or one while the last " + slots.maxPerPeer() + " free slots are kept for new peers"
                    : "max-connections " + slots.max() + " reached";
            log.warn("{}/{}: refused syslog connection from {}: {} (further refusals"
                    + " for 10 s only counted in keel.ingest.syslog.connections.refused)", context.component(),
                    context.workerId(), peer, limit);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing a socket we are giving up on; nothing more to do.
        }
    }
}
