package dev.keel.ingest.syslog;

import dev.keel.lifecycle.WorkerContext;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.util.Arrays;

/**
 * The UDP receive loop: one datagram is one message (RFC 5426). Best effort by nature: a
 * datagram that finds the hand-off full is dropped and counted, and the kernel drops what
 * overflows the socket's receive buffer before we see it (visible only in the host's UDP
 * statistics). Stop closes the socket under the blocked receive.
 */
final class SyslogUdpReceiver {

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

    void run(WorkerContext context) throws IOException {
        context.closeOnStop(socket);
        // One byte more than we keep: a datagram that fills it was longer than max-frame-size.
        byte[] buffer = new byte[Math.min(maxFrameBytes, MAX_DATAGRAM) + 1];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        while (!context.stopRequested()) {
            packet.setLength(buffer.length);
            socket.receive(packet); // throws once stop closed the socket: the expected end
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
