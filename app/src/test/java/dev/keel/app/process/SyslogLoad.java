package dev.keel.app.process;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Senders of RFC 5424 syslog over TCP (newline framing), one connection each, writing a burst of
 * messages at a fixed rate (or as fast as the socket takes them) until closed. Each message
 * carries a mark {@code mark=<prefix>-<sender>-<seq>;} in its text, so stored messages can be
 * matched to what was sent. A sender whose connection breaks (the server stopping) reconnects
 * after a pause until it is closed.
 *
 * <p>TCP syslog has no acknowledgement: what was written may or may not have been read when the
 * server stops. So this counts what it attempted (every mark that went to a socket, whole or in
 * part) and what it wrote (bursts the socket took without error).
 */
public final class SyslogLoad implements AutoCloseable {

    /** The mark in a stored message; a frame cut short by a stop may lack its closing {@code ;}. */
    public static final Pattern MARK = Pattern.compile("mark=([A-Za-z0-9]+-\\d+-\\d+);");
    private static final Duration PAUSE_AFTER_FAILURE = Duration.ofMillis(50);

    private final int port;
    private final String prefix;
    private final int messagesPerWrite;
    private final Duration period;
    private final List<Sender> senders = new ArrayList<>();
    private final LongAdder connections = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final ExecutorService threads;
    private volatile boolean running = true;

    private SyslogLoad(int port, String prefix, int senderCount, int messagesPerWrite, Duration period) {
        this.port = port;
        this.prefix = prefix;
        this.messagesPerWrite = messagesPerWrite;
        this.period = period;
        AtomicInteger names = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(senderCount, task -> new Thread(task,
                "load-syslog-" + prefix + "-" + names.incrementAndGet()));
        for (int i = 0; i < senderCount; i++) {
            senders.add(new Sender(i));
        }
    }

    /**
     * @param prefix makes this load's marks unique (letters and digits only)
     * @param period how often each sender writes a burst; zero for as fast as the socket takes them
     */
    public static SyslogLoad start(int port, String prefix, int senders, int messagesPerWrite, Duration period) {
        SyslogLoad load = new SyslogLoad(port, prefix, senders, messagesPerWrite, period);
        load.senders.forEach(sender -> load.threads.execute(sender::run));
        return load;
    }

    /** Messages in bursts the socket took without error. */
    public long written() {
        return senders.stream().mapToLong(sender -> sender.written.get()).sum();
    }

    /** Every mark that went to a socket, whole or in part. */
    public Set<String> attemptedMarks() {
        Set<String> marks = new HashSet<>();
        for (Sender sender : senders) {
            for (long seq = 0; seq < sender.attempted.get(); seq++) {
                marks.add(prefix + "-" + sender.number + "-" + seq);
            }
        }
        return marks;
    }

    /** Whether {@code mark} is one this load attempted to send. */
    public boolean attempted(String mark) {
        String[] parts = mark.split("-");
        if (parts.length != 3 || !parts[0].equals(prefix)) {
            return false;
        }
        int sender = Integer.parseInt(parts[1]);
        return sender < senders.size() && Long.parseLong(parts[2]) < senders.get(sender).attempted.get();
    }

    /** The mark in a stored message, or null if the message lacks a whole one. */
    public static String markIn(String message) {
        if (message == null) {
            return null;
        }
        Matcher matcher = MARK.matcher(message);
        return matcher.find() ? matcher.group(1) : null;
    }

    /** Connections opened, reconnections included. */
    public long connections() {
        return connections.sum();
    }

    /** Writes or connection attempts that failed. */
    public long failures() {
        return failures.sum();
    }

    public String summary() {
        return "syslog load " + prefix + ": " + written() + " messages written, " + connections() + " connections, "
                + failures() + " failures";
    }

    /** Stops every sender after its current burst, closes its connection and waits for it. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        threads.shutdown();
        if (!threads.awaitTermination(30, TimeUnit.SECONDS)) {
            senders.forEach(Sender::abort);
            threads.close();
        }
    }

    private final class Sender {
        private final int number;
        private final AtomicLong attempted = new AtomicLong();
        private final AtomicLong written = new AtomicLong();
        private volatile Socket socket;

        Sender(int number) {
            this.number = number;
        }

        void run() {
            long due = System.nanoTime();
            while (running) {
                try (Socket connection = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    socket = connection;
                    connections.increment();
                    OutputStream out = connection.getOutputStream();
                    while (running) {
                        long first = attempted.getAndAdd(messagesPerWrite);
                        out.write(burst(first));
                        out.flush();
                        written.addAndGet(messagesPerWrite);
                        due = Math.max(due + period.toNanos(), System.nanoTime() - period.toNanos());
                        LockSupport.parkNanos(due - System.nanoTime());
                    }
                } catch (IOException brokenOrRefused) {
                    failures.increment();
                    LockSupport.parkNanos(PAUSE_AFTER_FAILURE.toNanos());
                }
            }
        }

        private byte[] burst(long first) {
            String timestamp = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
            StringBuilder text = new StringBuilder(messagesPerWrite * 100);
            for (long seq = first; seq < first + messagesPerWrite; seq++) {
                text.append("<14>1 ").append(timestamp).append(" loadhost keel-load - - - mark=")
                        .append(prefix).append('-').append(number).append('-').append(seq).append(";\n");
            }
            return text.toString().getBytes(StandardCharsets.UTF_8);
        }

        /** Unblocks a write the server stopped reading. */
        void abort() {
            Socket current = socket;
            if (current != null) {
                try {
                    current.close();
                } catch (IOException ignored) {
                    // closing is all we wanted
                }
            }
        }
    }
}
