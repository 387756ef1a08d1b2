package dev.keel.ingest.syslog;

import dev.keel.ingest.net.PeerSlots;
import dev.keel.lifecycle.WorkerContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP connection's handler: reads, cuts frames, hands each off (waiting for room, which is
 * the backpressure), until the peer closes, the idle timeout passes without a completed frame
 * (counted only while reading, never while waiting for room), or ingest stops (which closes the
 * socket under the blocked read). Whatever was read reaches the hand-off: a frame cut short by
 * the end of the connection too, marked incomplete.
 */
final class SyslogTcpConnection {

    private static final Logger log = LoggerFactory.getLogger(SyslogTcpConnection.class);
    private static final int READ_CHUNK = 8192;

    private final Socket socket;
    private final String peer;
    private final SyslogSettings settings;
    private final FrameHandOff handOff;
    private final SyslogMetrics metrics;
    private final PeerSlots slots;

    SyslogTcpConnection(Socket socket, String peer, SyslogSettings settings, FrameHandOff handOff,
            SyslogMetrics metrics, PeerSlots slots) {
        this.socket = socket;
        this.peer = peer;
        this.settings = settings;
        this.handOff = handOff;
        this.metrics = metrics;
        this.slots = slots;
    }

    void run(WorkerContext context) throws IOException {
        context.closeOnStop(socket);
        SyslogFrameDecoder decoder = new SyslogFrameDecoder(settings.maxFrameBytes());
        try {
            readUntilEnd(context, decoder);
        } catch (InterruptedException cancelled) {
            // The drain deadline passed while a frame waited for room; handOff counted the rest.
            if (decoder.inFrame()) {
                metrics.frameRead(SyslogTransport.TCP);
                handOff.undelivered(1, context.workerId(), "a partial frame from " + peer + " when cancelled");
            }
        } finally {
            try {
                socket.close();
            } finally {
                slots.release(socket.getInetAddress());
            }
        }
    }

    private void readUntilEnd(WorkerContext context, SyslogFrameDecoder decoder)
            throws InterruptedException, IOException {
        InputStream in = socket.getInputStream();
        byte[] chunk = new byte[READ_CHUNK];
        long idleNanos = settings.idleTimeout().toNanos();
        long deadline = System.nanoTime() + idleNanos;
        boolean peerClosed = false;
        String why;
        while (true) {
            if (context.stopRequested()) {
                why = "ingest stopped";
                break;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                why = "no complete frame within idle-timeout " + settings.idleTimeout().toMillis() + " ms";
                metrics.connectionIdleClosed();
                if (decoder.inFrame()) {
                    // A sender trickling a frame it never finishes: worth an operator's attention.
                    log.info("{}/{}: closing syslog connection from {}: {}; its partial frame is kept as a raw event",
                            context.component(), context.workerId(), peer, why);
                } else {
                    log.debug("{}/{}: closing quiet syslog connection from {}: {}", context.component(),
                            context.workerId(), peer, why);
                }
                break;
            }
            int n;
            try {
                socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(left) + 1)));
                n = in.read(chunk);
            } catch (SocketTimeoutException e) {
                continue;
            } catch (IOException e) {
                why = context.stopRequested() ? "ingest stopped" : "read failed: " + e.getMessage();
                break;
            }
            if (n < 0) {
                peerClosed = true;
                why = "peer closed the connection";
                break;
            }
            List<DecodedFrame> frames = decoder.feed(chunk, 0, n);
            if (!frames.isEmpty()) {
                handOff(frames, context);
                // Counted from here: a wait for room downstream (backpressure) is not idleness.
                deadline = System.nanoTime() + idleNanos;
            }
        }
        DecodedFrame rest = decoder.finish(peerClosed, why);
        if (rest != null) {
            handOff(List.of(rest), context);
        }
        log.debug("{}/{}: syslog connection from {} ended: {}", context.component(), context.workerId(), peer, why);
    }

    /** Counts {@code held} frames, the first of which was already counted as read, as undelivered. */
    private void giveUp(int held, WorkerContext context, String why) {
        for (int j = 1; j < held; j++) {
            metrics.frameRead(SyslogTransport.TCP);
        }
        handOff.undelivered(held, context.workerId(), why + " (from " + peer + ")");
    }

    private void handOff(List<DecodedFrame> frames, WorkerContext context) throws InterruptedException {
        long receivedAt = System.currentTimeMillis();
        for (int i = 0; i < frames.size(); i++) {
            DecodedFrame decoded = frames.get(i);
            metrics.frameRead(SyslogTransport.TCP);
            boolean queued;
            try {
                queued = handOff.put(new SyslogFrame(decoded.bytes(), SyslogTransport.TCP, peer, receivedAt,
                        decoded.error()), context.workerId());
            } catch (InterruptedException cancelled) {
                giveUp(frames.size() - i, context, "cancelled at the drain deadline while the hand-off was full");
                throw cancelled;
            }
            if (!queued) {
                giveUp(frames.size() - i, context, "the hand-off closed at the drain deadline");
                return;
            }
        }
    }
}
