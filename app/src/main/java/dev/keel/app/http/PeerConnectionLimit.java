package dev.keel.app.http;

import dev.keel.ingest.net.AddressRanges;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.io.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection at once when its peer address already holds {@code max} open ones, so a
 * few addresses cannot take every connection, thread or request slot from the others. Jetty
 * has a total connection limit but none per peer; this is the per-peer count, nothing more.
 * Exempt ranges are never counted. Thread-safe: Jetty calls it from its selector threads.
 */
final class PeerConnectionLimit implements Connection.Listener {

    private static final Logger log = LoggerFactory.getLogger(PeerConnectionLimit.class);
    private static final long LOG_EVERY_NANOS = 10_000_000_000L;

    private final int max;
    private final AddressRanges exempt;
    private final Counter refused;
    /** Who each counted connection belongs to, so its close gives back the right peer's slot. */
    private final Map<Connection, InetAddress> counted = new ConcurrentHashMap<>();
    private final Map<InetAddress, Integer> perPeer = new ConcurrentHashMap<>();
    private final AtomicLong lastLog = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

    PeerConnectionLimit(int max, AddressRanges exempt, MeterRegistry meters) {
        this.max = max;
        this.exempt = exempt;
        this.refused = HttpConnectionGuard.closedCounter(meters, "per-peer-limit");
    }

    @Override
    public void onOpened(Connection connection) {
        if (!(connection.getEndPoint().getRemoteSocketAddress() instanceof InetSocketAddress remote)
                || remote.getAddress() == null || exempt.contains(remote.getAddress())) {
            return;
        }
        InetAddress peer = remote.getAddress();
        counted.put(connection, peer);
        int open = perPeer.merge(peer, 1, Integer::sum);
        if (open > max) {
            refused.increment();
            logRefusal(peer, open - 1);
            connection.getEndPoint().close();
        }
    }

    @Override
    public void onClosed(Connection connection) {
        InetAddress peer = counted.remove(connection);
        if (peer != null) {
            perPeer.computeIfPresent(peer, (address, open) -> open == 1 ? null : open - 1);
        }
    }

    /** Peer addresses holding at least one counted connection right now. */
    int peers() {
        return perPeer.size();
    }

    /** Peer addresses at the limit right now: the ones whose next connection would be closed. */
    int peersAtLimit() {
        return (int) perPeer.values().stream().filter(open -> open >= max).count();
    }

    long refusedCount() {
        return (long) refused.count();
    }

    private void logRefusal(InetAddress peer, int open) {
        long now = System.nanoTime();
        long last = lastLog.get();
        if (now - last >= LOG_EVERY_NANOS && lastLog.compareAndSet(last, now)) {
            log.warn("http/peer-limit: closed a new connection from {}, which already holds {} (keel.http.max-connections-per-peer);"
                    + " {} refused so far; logged at most every 10 s", peer.getHostAddress(), open,
                    (long) refused.count());
        }
    }
}
