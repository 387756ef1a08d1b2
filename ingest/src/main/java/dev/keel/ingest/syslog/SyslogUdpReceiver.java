package dev.keel.ingest.syslog;

import dev.keel.lifecycle.WorkerContext;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.time.Duration;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UDP receive loop: one datagram is one message (RFC 5426). Best effort by nature: a
 * datagram that finds the hand-off full is dropped and counted, and the kernel drops what
 * overflows the socket's receive buffer before we see it (visible only in the host's UDP
 * statistics). Stop closes the socket under the blocked receive; any other receive error is
 * logged and retried after a short pause, unless the socket is closed.
 */
final class SyslogUdpReceiver {

    private static final Logger log = LoggerFactory.getLogger(SyslogUdpReceiver.class);
    private static final Duration RECEIVE_RETRY = Duration.ofMillis(200);
    /** The largest UDP payload over IPv4. */
    private static final int MAX_DATAGRAM = 65_507;

    private final DatagramSocket socket;
    private final int maxFrameBytes;
    private final FrameHandOff handOff;

    SyslogUdpReceiver(DatagramSocket socket, int maxFrameBytes, FrameHandOff handOff) {
        this.socket = socket;
        this.maxFrameBytes = maxFrameBytes;
        this.handOff = handOff;
    }

    void run(WorkerContext context) throws IOException, InterruptedException {
        context.closeOnStop(socket);
        // One byte more than we keep: a datagram that fills it was longer than max-frame-size.
        byte[] buffer = new byte[Math.min(maxFrameBytes, MAX_DATAGRAM) + 1];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        while (!context.stopRequested()) {
            packet.setLength(buffer.length);
            try {
                socket.receive(packet);
            } catch (IOException e) {
                if (context.stopRequested() || socket.isClosed()) {
                    throw e; // the expected end at stop; otherwise the socket is gone and the failure escalates
                }
                log.warn("{}/{}: receiving a syslog datagram failed: {}; retrying", context.component(),
                        context.workerId(), e.toString());
                context.awaitStop(RECEIVE_RETRY);
                continue;
            }
            long receivedAt = System.currentTimeMillis();
            int length = packet.getLength();
            boolean truncated = length > maxFrameBytes;
            int kept = Math.min(length, maxFrameBytes);
            while (kept > 0 && (buffer[kept - 1] == '\n' || buffer[kept - 1] == '\r' || buffer[kept - 1] == 0)) {
                kept--;
            }
            if (kept == 0) {
                continue; // an empty datagram carries no message
            }
            handOff.offer(new SyslogFrame(Arrays.copyOf(buffer, kept), SyslogTransport.UDP,
                    Peers.describe(packet.getSocketAddress()), receivedAt, truncated
                            ? "datagram is larger than max-frame-size " + maxFrameBytes + "; kept the first "
                                    + maxFrameBytes + " bytes"
                            : null), context.workerId());
        }
    }
}
