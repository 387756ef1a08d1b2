package dev.keel.bench.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.keel.ingest.IngestComponent;
import dev.keel.ingest.IngestProperties;
import dev.keel.lifecycle.LifecycleEnvironment;
import dev.keel.lifecycle.StopOutcome;
import dev.keel.lifecycle.WorkerRegistry;
import dev.keel.storage.testing.CountingSink;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * Syslog TCP messages per second that ingest reads, parses (RFC 5424), normalizes and hands
 * downstream, with the downstream replaced by a counting sink. Senders write pre-built blocks
 * of octet-counted messages over loopback, as fast as ingest reads them (so the figure is
 * ingest's, with its backpressure, not the senders'). Order: start, {@code warmup} seconds not
 * counted, then {@code rounds} rounds of {@code seconds} each; the load average is printed before
 * the warm-up and before every round, so a round measured on a busy machine shows as such.
 *
 * <pre>
 * java -cp ... dev.keel.bench.ingest.SyslogTcpThroughput [connections=4] [workers=2] [seconds=10] [rounds=5] [warmup=5]
 * </pre>
 */
public final class SyslogTcpThroughput {

    private static final String MESSAGE = "<134>1 2026-11-24T10:00:00.123Z web01.example.com nginx 4242 ACCESS"
            + " [req@32473 id=\"8d1f0c2e\" ms=\"12\"] 10.1.2.3 - alice \"GET /index.html HTTP/1.1\" 200 5123"
            + " \"Mozilla/5.0 (X11; Linux x86_64)\"";

    private SyslogTcpThroughput() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int connections = Integer.parseInt(options.getOrDefault("connections", "4"));
        int workers = Integer.parseInt(options.getOrDefault("workers", "2"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "10"));
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "5"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "5"));

        CountingSink sink = new CountingSink();
        Map<String, String> config = Map.of("keel.ingest.syslog.port", "0",
                "keel.ingest.syslog.parse-workers", Integer.toString(workers));
        IngestProperties properties = new Binder(new MapConfigurationPropertySource(config))
                .bindOrCreate("keel.ingest", IngestProperties.class);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        IngestComponent ingest = new IngestComponent(properties, sink,
                new LifecycleEnvironment(WorkerRegistry.shared(), meters));
        ingest.start();

        byte[] block = block(MESSAGE, 64 * 1024);
        List<Socket> sockets = new ArrayList<>();
        List<Thread> senders = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            Socket socket = new Socket("127.0.0.1", ingest.syslogTcpPort());
            sockets.add(socket);
            Thread sender = new Thread(() -> send(socket, block), "bench-sender-" + c);
            sender.setDaemon(true);
            senders.add(sender);
            sender.start();
        }
        System.out.printf("syslog TCP: %d connections, %d parse workers, message %d bytes, %s %s%n", connections,
                workers, MESSAGE.getBytes(UTF_8).length, System.getProperty("java.vm.name"),
                System.getProperty("java.version"));
        System.out.printf("warm-up %d s (not counted); load average %s%n", warmup, loadAverage());
        Thread.sleep(warmup * 1000L);
        double[] rates = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            String load = loadAverage();
            long[] ticksBefore = cpuTicks();
            long before = sink.count();
            long start = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            long events = sink.count() - before;
            double elapsed = (System.nanoTime() - start) / 1e9;
            long[] ticksAfter = cpuTicks();
            rates[r] = events / elapsed;
            // Cores busy over the round: this JVM (ingest and the senders) and everything else on the machine.
            double busy = (ticksAfter[0] - ticksBefore[0]) / 100.0 / elapsed;
            double ours = (ticksAfter[1] - ticksBefore[1]) / 100.0 / elapsed;
            System.out.printf("round %d: %,.0f messages/s (load average before it: %s; cores busy %.2f = this JVM"
                    + " %.2f + everything else %.2f)%n", r + 1, rates[r], load, busy, ours, busy - ours);
        }
        Arrays.sort(rates);
        System.out.printf("syslog TCP messages/s: median %,.0f (min %,.0f, max %,.0f) over %d rounds of %d s%n",
                rates[rounds / 2], rates[0], rates[rounds - 1], rounds, seconds);

        StopOutcome outcome = ingest.stop();
        for (Socket socket : sockets) {
            socket.close();
        }
        for (Thread sender : senders) {
            sender.join(10_000);
        }
        System.out.printf("%s; %,d events handed downstream in total, %,.0f of them malformed"
                + " (at most one per connection: the frame the stop cut short)%n",
                outcome.describe(), sink.count(), meters.find("keel.ingest.syslog.malformed").counters().stream()
                        .mapToDouble(counter -> counter.count()).sum());
    }

    /** The 1, 5 and 15 minute load averages, as /proc/loadavg has them ("n/a" elsewhere). */
    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    /**
     * Clock ticks (1/100 s) the whole machine spent busy, and this process used, so far (from
     * /proc/stat and /proc/self/stat; zeros elsewhere).
     */
    private static long[] cpuTicks() {
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long busy = Long.parseLong(cpu[1]) + Long.parseLong(cpu[2]) + Long.parseLong(cpu[3])
                    + Long.parseLong(cpu[6]) + Long.parseLong(cpu[7]) + Long.parseLong(cpu[8]);
            String self = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = self.substring(self.lastIndexOf(')') + 2).split(" ");
            return new long[] {busy, Long.parseLong(fields[11]) + Long.parseLong(fields[12])};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    /** Whole octet-counted frames filling about {@code size} bytes. */
    private static byte[] block(String message, int size) {
        byte[] frame = (message.getBytes(UTF_8).length + " " + message).getBytes(UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(size + frame.length);
        while (out.size() < size) {
            out.writeBytes(frame);
        }
        return out.toByteArray();
    }

    private static void send(Socket socket, byte[] block) {
        try {
            OutputStream out = socket.getOutputStream();
            while (true) {
                out.write(block);
            }
        } catch (IOException closed) {
            // the benchmark is over
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            String[] pair = arg.split("=", 2);
            options.put(pair[0], pair.length == 2 ? pair[1] : "");
        }
        return options;
    }
}
