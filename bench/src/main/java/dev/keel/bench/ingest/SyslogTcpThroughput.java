package dev.keel.bench.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.keel.ingest.IngestComponent;
import dev.keel.ingest.IngestProperties;
import dev.keel.lifecycle.LifecycleEnvironment;
import dev.keel.lifecycle.StopOutcome;
import dev.keel.lifecycle.WorkerRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
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
 * ingest's, with its backpressure, not the senders').
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
        Thread.sleep(warmup * 1000L);
        double[] rates = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long before = sink.count();
            long start = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            long events = sink.count() - before;
            rates[r] = events / ((System.nanoTime() - start) / 1e9);
            System.out.printf("round %d: %,.0f messages/s%n", r + 1, rates[r]);
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
