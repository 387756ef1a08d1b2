package dev.keel.app.attack;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Peers that hold connections instead of using them, each from its own loopback address: HTTP
 * requests whose body arrives one byte a second, HTTP request heads that arrive one byte a
 * second, and syslog TCP connections that sit idle and send a frame now and then. Every
 * connection the server closes is reopened at once, as a real attacker would. One thread writes
 * one byte to every connection per round; rounds are a second apart, which is the attack.
 */
final class Attackers implements AutoCloseable {

    private static final long ROUND_MILLIS = 1_000;
    /** Syslog hogs send one frame every this many rounds, to renew their idle timeout. */
    private static final int FRAME_EVERY_ROUNDS = 5;
    private static final byte[] SLOW_BODY_HEAD = ("POST /api/v1/events HTTP/1.1\r\nHost: keel\r\n"
            + "Content-Type: application/json\r\nContent-Length: 1000000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SLOW_HEAD_START = "POST /api/v1/events HTTP/1.1\r\nHost: keel\r\nX-Slow: "
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SYSLOG_FRAME = frame("<14>1 - attacker hog - - - renew");

    private enum Kind { SLOW_BODY, SLOW_HEAD, SYSLOG_IDLE }

    private final List<Hog> hogs = new ArrayList<>();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final AtomicLong reopened = new AtomicLong();
    private final AtomicLong open = new AtomicLong();
    private volatile boolean stopping;
    private final Thread driver;

    private Attackers(List<String> sources, int httpPort, int syslogPort, int perKindAndPeer) {
        for (String source : sources) {
            for (int i = 0; i < perKindAndPeer; i++) {
                hogs.add(new Hog(Kind.SLOW_BODY, source, httpPort));
                hogs.add(new Hog(Kind.SLOW_HEAD, source, httpPort));
                hogs.add(new Hog(Kind.SYSLOG_IDLE, source, syslogPort));
            }
        }
        driver = new Thread(this::run, "attackers");
        driver.setDaemon(true);
    }

    static Attackers start(List<String> sources, int httpPort, int syslogPort, int perKindAndPeer) {
        Attackers attackers = new Attackers(sources, httpPort, syslogPort, perKindAndPeer);
        attackers.driver.start();
        return attackers;
    }

    /** Connections the server closed or refused and the attackers opened again. */
    long reopened() {
        return reopened.get();
    }

    /** Connections open after the last round. */
    long open() {
        return open.get();
    }

    int attempted() {
        return hogs.size();
    }

    private void run() {
        try {
            for (long round = 0; !stopping; round++) {
                long openNow = 0;
                for (Hog hog : hogs) {
                    openNow += hog.push(round) ? 1 : 0;
                }
                open.set(openNow);
                TimeUnit.MILLISECONDS.sleep(ROUND_MILLIS);
            }
            done.complete(null);
        } catch (InterruptedException stopped) {
            done.complete(null);
        } catch (RuntimeException | Error failure) {
            done.completeExceptionally(failure);
        } finally {
            hogs.forEach(Hog::close);
        }
    }

    @Override
    public void close() throws Exception {
        stopping = true;
        driver.interrupt();
        done.get(60, TimeUnit.SECONDS);
    }

    private static byte[] frame(String message) {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        byte[] prefix = (bytes.length + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] frame = new byte[prefix.length + bytes.length];
        System.arraycopy(prefix, 0, frame, 0, prefix.length);
        System.arraycopy(bytes, 0, frame, prefix.length, bytes.length);
        return frame;
    }

    /** One attacking connection, reopened whenever the server ends it. */
    private final class Hog {

        private final Kind kind;
        private final String source;
        private final int port;
        private Socket socket;

        Hog(Kind kind, String source, int port) {
            this.kind = kind;
            this.source = source;
            this.port = port;
        }

        /** One round: (re)connect if needed, then write this round's byte or frame; true if still open. */
        boolean push(long round) {
            try {
                if (socket == null) {
                    connect();
                }
                OutputStream out = socket.getOutputStream();
                switch (kind) {
                    case SLOW_BODY -> out.write(' ');
                    case SLOW_HEAD -> out.write('a');
                    case SYSLOG_IDLE -> {
                        if (round % FRAME_EVERY_ROUNDS == 0) {
                            out.write(SYSLOG_FRAME);
                        }
                    }
                }
                out.flush();
                return true;
            } catch (IOException closedByServer) {
                close();
                reopened.incrementAndGet();
                return false;
            }
        }

        private void connect() throws IOException {
            Socket fresh = new Socket();
            try {
                fresh.bind(new InetSocketAddress(source, 0));
                fresh.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
                switch (kind) {
                    case SLOW_BODY -> fresh.getOutputStream().write(SLOW_BODY_HEAD);
                    case SLOW_HEAD -> fresh.getOutputStream().write(SLOW_HEAD_START);
                    case SYSLOG_IDLE -> { }
                }
            } catch (IOException e) {
                fresh.close();
                throw e;
            }
            socket = fresh;
        }

        void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a connection the server already dropped
                }
                socket = null;
            }
        }
    }
}
