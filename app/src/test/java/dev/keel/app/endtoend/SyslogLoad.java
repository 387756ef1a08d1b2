package dev.keel.app.endtoend;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Syslog senders: RFC 5424 messages, newline-framed over TCP and one per datagram over UDP.
 * Each message is {@code mark <run> <connection> <n> end}, so ClickHouse can be asked which
 * message of which connection arrived, and how often. The senders pace themselves a little
 * (a pause of 1 ms per 20 messages) so that HTTP clients get their share of two cores.
 *
 * <p>TCP syslog has no acknowledgement; what a sender can know is what it wrote. A stream ends
 * when the service closes its connection (the stop closes every connection) or when told to,
 * and remembers whether the service closed it.
 */
final class SyslogLoad implements AutoCloseable {

    /** A complete message as stored: its run, its connection and its number on that connection. */
    static final Pattern MESSAGE = Pattern.compile("mark (\\S+) (\\S+) (\\d+) end");
    private static final int FRAMES_PER_WRITE = 20;

    private final int tcpPort;
    private final int udpPort;
    private final String run;
    private final ClientThreads threads = new ClientThreads();
    private final Map<String, AtomicInteger> tcpWritten = new ConcurrentHashMap<>();
    private final Set<String> closedByService = ConcurrentHashMap.newKeySet();
    private final AtomicInteger udpSent = new AtomicInteger();
    private volatile boolean ended;

    SyslogLoad(int tcpPort, int udpPort, String run) {
        this.tcpPort = tcpPort;
        this.udpPort = udpPort;
        this.run = run;
    }

    static String message(String run, String connection, int n) {
        return "mark " + run + " " + connection + " " + n + " end";
    }

    /**
     * Sends {@code count} messages on each of {@code connections} new connections, in parallel,
     * and closes them; returns once every message is written. Closing sends FIN after the data,
     * so everything written is the service's to read.
     */
    static void sendAndClose(int tcpPort, String run, String prefix, int connections, int count)
            throws InterruptedException {
        ClientThreads senders = new ClientThreads();
        for (int c = 0; c < connections; c++) {
            String connection = prefix + c;
            senders.start("e2e-syslog-" + run + "-" + connection, () -> {
                try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), tcpPort)) {
                    OutputStream out = socket.getOutputStream();
                    for (int n = 0; n < count; n += FRAMES_PER_WRITE) {
                        out.write(frames(run, connection, n, Math.min(FRAMES_PER_WRITE, count - n)));
                    }
                    socket.shutdownOutput();
                }
            });
        }
        senders.awaitEnd(Duration.ofSeconds(60));
    }

    /** Starts TCP senders {@code tcp0..}, each on its own connection, writing until it is closed. */
    void startTcpStreams(int connections) {
        for (int c = 0; c < connections; c++) {
            String connection = "tcp" + c;
            tcpWritten.put(connection, new AtomicInteger());
            threads.start("e2e-syslog-" + run + "-" + connection, () -> stream(connection));
        }
    }

    /** Starts one UDP sender, {@code udp0}, sending until told to end. */
    void startUdpStream() {
        threads.start("e2e-syslog-" + run + "-udp0", this::datagrams);
    }

    /**
     * Tells the senders still running to end: UDP cannot learn that nobody listens any more, and a
     * TCP stream checks whether the service closed its connection.
     */
    void end() {
        ended = true;
    }

    void awaitEnd(Duration deadline) throws InterruptedException {
        threads.awaitEnd(deadline);
    }

    /** Tells every sender to end (a test that failed half-way leaves no sender running). */
    @Override
    public void close() {
        end();
    }

    /** Per TCP stream, how many messages it wrote completely (the kernel took them). */
    Map<String, Integer> tcpWritten() {
        Map<String, Integer> copy = new TreeMap<>();
        tcpWritten.forEach((connection, count) -> copy.put(connection, count.get()));
        return copy;
    }

    /** The TCP streams whose connection the service closed (a write failed) before they were told to end. */
    Set<String> closedByService() {
        return Set.copyOf(closedByService);
    }

    int udpSent() {
        return udpSent.get();
    }

    private void stream(String connection) throws IOException {
        AtomicInteger written = tcpWritten.get(connection);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), tcpPort)) {
            OutputStream out = socket.getOutputStream();
            try {
                while (!ended) {
                    out.write(frames(run, connection, written.get(), FRAMES_PER_WRITE));
                    written.addAndGet(FRAMES_PER_WRITE);
                    LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
                }
            } catch (IOException closed) {
                closedByService.add(connection); // a write failed: the stop closed the connection
                return;
            }
            if (closedByPeer(socket)) {
                closedByService.add(connection);
            }
        }
    }

    /**
     * Whether the service has closed a connection that has not failed a write yet (a sender slow
     * to write again). Ingest never writes to a syslog connection, so a read sees only its close.
     */
    private static boolean closedByPeer(Socket socket) throws IOException {
        socket.setSoTimeout(5_000);
        try {
            return socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    private void datagrams() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (DatagramSocket socket = new DatagramSocket()) {
            for (int n = 0; !ended; n++) {
                byte[] frame = frame(run, "udp0", n).getBytes(StandardCharsets.UTF_8);
                socket.send(new DatagramPacket(frame, frame.length, loopback, udpPort));
                udpSent.incrementAndGet();
                if (n % FRAMES_PER_WRITE == FRAMES_PER_WRITE - 1) {
                    LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
                }
            }
        }
    }

    private static byte[] frames(String run, String connection, int first, int count) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(count * 100);
        for (int n = first; n < first + count; n++) {
            bytes.writeBytes(frame(run, connection, n).getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private static String frame(String run, String connection, int n) {
        // Millisecond precision: RFC 5424 allows at most six fractional digits.
        return "<14>1 " + Instant.ofEpochMilli(System.currentTimeMillis()) + " e2e-host keel-e2e - - - "
                + message(run, connection, n) + "\n";
    }

    /** The parts of a stored message, or null if it is not a complete one (a frame the stop cut short). */
    static Matcher parse(String message) {
        Matcher matcher = MESSAGE.matcher(message);
        return matcher.matches() ? matcher : null;
    }
}
