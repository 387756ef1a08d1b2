package dev.keel.bench.detect;

import dev.keel.detect.DetectComponent;
import dev.keel.detect.DetectProperties;
import dev.keel.detect.testing.SigmaShapedCorpus;
import dev.keel.detect.testing.SigmaShapedEvents;
import dev.keel.ingest.IngestComponent;
import dev.keel.ingest.IngestProperties;
import dev.keel.lifecycle.LifecycleEnvironment;
import dev.keel.storage.Event;
import dev.keel.storage.StorageComponent;
import dev.keel.storage.StorageProperties;
import dev.keel.storage.testing.ClickHouseServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The whole pipeline, syslog TCP -> ingest -> detect -> ClickHouse (a private server, as the
 * storage tests start one), with no rules and with a corpus of SigmaHQ's size loaded, in
 * alternating runs of one JVM. The senders write the Linux part of the mix (auditd
 * records as audisp-syslog forwards them, and plain syslog of sshd, cron, systemd, the kernel and
 * sudo; one message in a hundred an attack) as RFC 3164 lines over a few connections as fast as
 * ingest reads; a run's rate is the messages sent over the time until ClickHouse holds every one.
 * Arguments: {@code corpus=generated|<dir>} (default generated), {@code seconds=20},
 * {@code rounds=3}, {@code connections=2}.
 */
public final class CorpusPipelineThroughput {

    private CorpusPipelineThroughput() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new java.util.HashMap<>(Map.of("corpus", "generated", "seconds", "20",
                "rounds", "3", "connections", "2"));
        for (String arg : args) {
            String[] pair = arg.split("=", 2);
            options.put(pair[0], pair[1]);
        }
        quietLogs();
        Path corpus = options.get("corpus").equals("generated")
                ? SigmaShapedCorpus.write(Files.createTempDirectory("keel-sigma-shaped"), 42)
                : Path.of(options.get("corpus"));
        Path none = Files.createTempDirectory("keel-no-rules");
        int seconds = Integer.parseInt(options.get("seconds"));
        int rounds = Integer.parseInt(options.get("rounds"));
        int connections = Integer.parseInt(options.get("connections"));
        byte[] block = block(64 * 1024);
        int linesPerBlock = count(block);
        try (ClickHouseServer server = ClickHouseServer.start()) {
            System.out.printf(Locale.ROOT, "corpus %s; %d connections, %d s a run, %d rounds; %s%n",
                    options.get("corpus"), connections, seconds, rounds, loadAverage());
            run(server, none, "warmup", block, linesPerBlock, connections, Math.max(5, seconds / 2));
            double[] without = new double[rounds];
            double[] with = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                without[r] = run(server, none, "none" + r, block, linesPerBlock, connections, seconds);
                with[r] = run(server, corpus, "corpus" + r, block, linesPerBlock, connections, seconds);
                System.out.printf(Locale.ROOT, "round %d: no rules %,.0f, corpus %,.0f messages/s (%.2f); %s%n", r + 1,
                        without[r], with[r], with[r] / without[r], loadAverage());
            }
            Arrays.sort(without);
            Arrays.sort(with);
            System.out.printf(Locale.ROOT, "median: no rules %,.0f, corpus %,.0f messages/s; ratio of medians %.2f%n",
                    without[rounds / 2], with[rounds / 2], with[rounds / 2] / without[rounds / 2]);
        }
    }

    private static double run(ClickHouseServer server, Path rules, String name, byte[] block, int linesPerBlock,
            int connections, int seconds) throws Exception {
        String database = "pipeline_" + name + "_" + System.nanoTime() % 100_000;
        LifecycleEnvironment environment = LifecycleEnvironment.withMeters(new SimpleMeterRegistry());
        StorageComponent storage = new StorageComponent(StorageProperties.builder()
                .backend(StorageProperties.Backend.CLICKHOUSE)
                .clickhouse(StorageProperties.ClickHouse.at(server.http().url()))
                .database(database)
                .dataDir(Files.createTempDirectory("keel-pipeline-data"))
                .build(), environment);
        DetectProperties detectProperties = new Binder(new MapConfigurationPropertySource(Map.of(
                "keel.detect.rules-dir", rules.toString(),
                "keel.detect.rescue-dir", Files.createTempDirectory("keel-pipeline-rescue").toString())))
                .bindOrCreate("keel.detect", DetectProperties.class);
        DetectComponent detect = new DetectComponent(detectProperties, storage.events(), storage.alerts(),
                environment);
        IngestProperties ingestProperties = new Binder(new MapConfigurationPropertySource(Map.of(
                "keel.ingest.syslog.port", "0")))
                .bindOrCreate("keel.ingest", IngestProperties.class);
        IngestComponent ingest = new IngestComponent(ingestProperties, detect, environment);
        storage.start();
        detect.start();
        ingest.start();
        AtomicBoolean sending = new AtomicBoolean(true);
        AtomicLong blocks = new AtomicLong();
        List<Thread> senders = new ArrayList<>();
        long begin = System.nanoTime();
        for (int c = 0; c < connections; c++) {
            Socket socket = new Socket("127.0.0.1", ingest.syslogTcpPort());
            Thread sender = new Thread(() -> {
                try (socket; OutputStream out = socket.getOutputStream()) {
                    while (sending.get()) {
                        out.write(block);
                        blocks.incrementAndGet();
                    }
                } catch (IOException e) {
                    throw new IllegalStateException("a sender failed", e);
                }
            }, "bench-pipeline-sender-" + c);
            senders.add(sender);
            sender.start();
        }
        Thread.sleep(seconds * 1000L);
        sending.set(false);
        for (Thread sender : senders) {
            sender.join();
        }
        long sent = blocks.get() * linesPerBlock;
        while (storage.counters().events().stored() < sent) {
            Thread.sleep(5);
        }
        double rate = sent / ((System.nanoTime() - begin) / 1e9);
        ingest.stop();
        detect.stop();
        storage.stop();
        server.http().query("DROP DATABASE " + database);
        return rate;
    }

    /** Whole RFC 3164 lines of the mix's Linux part, about {@code size} bytes. */
    private static byte[] block(int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Event> linux = SigmaShapedEvents.mix(20_000, 42, 1_796_724_000_000L).stream()
                .filter(event -> "syslog".equals(event.source())).toList();
        for (int i = 0; out.size() < size; i++) {
            Event event = linux.get(i % linux.size());
            String line = "<14>Dec  8 10:15:02 ws02 " + event.attributes().get("app_name") + "[" + (1000 + i % 900)
                    + "]: " + event.message() + "\n";
            out.writeBytes(line.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static int count(byte[] block) {
        int lines = 0;
        for (byte b : block) {
            if (b == '\n') {
                lines++;
            }
        }
        return lines;
    }

    private static void quietLogs() {
        if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext logback) {
            logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.WARN);
            logback.getLogger("dev.keel.detect.RuleReloader").setLevel(ch.qos.logback.classic.Level.ERROR);
        }
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return "load average " + parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException unavailable) {
            return "load average unknown";
        }
    }
}
