package dev.keel.app.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.io.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection that has spent longer than the deadline without a request in progress:
 * waiting for its first request head, sending one byte by byte, or idle between requests.
 * Jetty's idle timeout restarts on every byte, so a peer trickling a header byte every few
 * seconds would hold its connection for ever; this deadline does not restart.
 *
 * <p>A connection is "in a request" while it has received more request heads than it has
 * completed responses ({@link Connection#getMessagesIn()} against {@link Connection#getMessagesOut()});
 * bodies are bounded by ingest's own body timeout and minimum rate. {@link #sweep()} runs on a
 * tracked worker (see {@link HttpConnectionGuard}), so the deadline is met to within one sweep.
 */
final class RequestHeadDeadline implements Connection.Listener {

    private static final Logger log = LoggerFactory.getLogger(RequestHeadDeadline.class);

    private final long deadlineNanos;
    private final Counter expired;
    private final Map<Connection, Watch> open = new ConcurrentHashMap<>();

    RequestHeadDeadline(Duration deadline, MeterRegistry meters) {
        this.deadlineNanos = deadline.toNanos();
        this.expired = HttpConnectionGuard.closedCounter(meters, "request-head-timeout");
    }

    @Override
    public void onOpened(Connection connection) {
        open.put(connection, new Watch(System.nanoTime()));
    }

    @Override
    public void onClosed(Connection connection) {
        open.remove(connection);
    }

    /** Closes every connection past its deadline; called about ten times per deadline. */
    void sweep() {
        long now = System.nanoTime();
        open.forEach((connection, watch) -> {
            if (watch.expired(connection, now, deadlineNanos) && open.remove(connection) != null) {
                expired.increment();
                log.debug("http/head-deadline: closed {} after {} ms without a request",
                        connection.getEndPoint().getRemoteSocketAddress(), deadlineNanos / 1_000_000);
                connection.getEndPoint().close();
            }
        });
    }

    int openConnections() {
        return open.size();
    }

    long expiredCount() {
        return (long) expired.count();
    }

    /** One connection's progress as the sweeps saw it; only the sweeping worker touches it. */
    private static final class Watch {

        private long responses = -1;
        private long waitingSince;

        Watch(long openedAt) {
            this.waitingSince = openedAt;
            this.responses = 0;
        }

        boolean expired(Connection connection, long now, long deadline) {
            long out = connection.getMessagesOut();
            if (connection.getMessagesIn() > out) {
                responses = -1;
                return false;
            }
            if (out != responses) {
                responses = out;
                waitingSince = now;
                return false;
            }
            return now - waitingSince >= deadline;
        }
    }
}
