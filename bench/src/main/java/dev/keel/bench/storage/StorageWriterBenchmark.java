package dev.keel.bench.storage;

import dev.keel.lifecycle.Admission;
import dev.keel.lifecycle.LifecycleEnvironment;
import dev.keel.storage.Event;
import dev.keel.storage.StorageComponent;
import dev.keel.storage.StorageProperties;
import dev.keel.storage.StorageProperties.ClickHouse.InsertFormat;
import dev.keel.storage.TableCounters;
import dev.keel.storage.codec.EventCodec;
import dev.keel.storage.codec.Json;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Rows per second that the ClickHouse writer pool of {@link StorageComponent} sustains for ~1 KB
 * events, against ClickHouse's own bulk {@code INSERT ... FORMAT JSONEachRow} of the very same
 * rows (the bytes the json-each-row writers send: written with the same codec) from a file, sent
 * by curl. All go into identical fresh tables of the same server, in turn, {@code --repeats}
 * times: the bulk insert, the pool with {@code insert-format: row-binary} (the default), the pool
 * with {@code json-each-row}.
 *
 * <pre>
 * java -cp ... dev.keel.bench.storage.StorageWriterBenchmark [--rows 1000000] [--repeats 3]
 *     [--writers 2] [--batch 10000] [--url http://127.0.0.1:8123 | --server /usr/sbin/clickhouse-server]
 * </pre>
 *
 * Without {@code --url} it starts a private clickhouse-server in a temporary directory. The events
 * for a writer run are made before it (as the file is written before the bulk insert); the run
 * is timed from the first offer until the counters say every row is stored.
 */
public final class StorageWriterBenchmark {

    private final LocalClickHouse server;
    private final long rows;
    private final int writers;
    private final int batch;
    private final Path work;

    private StorageWriterBenchmark(LocalClickHouse server, long rows, int writers, int batch, Path work) {
        this.server = server;
        this.rows = rows;
        this.writers = writers;
        this.batch = batch;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        quietLogging();
        long rows = 1_000_000;
        int repeats = 3;
        int writers = 2;
        int batch = 10_000;
        String url = null;
        Path binary = Path.of("/usr/sbin/clickhouse-server");
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--rows" -> rows = Long.parseLong(args[i + 1]);
                case "--repeats" -> repeats = Integer.parseInt(args[i + 1]);
                case "--writers" -> writers = Integer.parseInt(args[i + 1]);
                case "--batch" -> batch = Integer.parseInt(args[i + 1]);
                case "--url" -> url = args[i + 1];
                case "--server" -> binary = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path work = Files.createTempDirectory("keel-bench-storage-");
        try (LocalClickHouse server = url != null ? LocalClickHouse.connect(url) : LocalClickHouse.start(binary)) {
            System.out.printf(Locale.ROOT, "ClickHouse %s at %s; %,d rows of ~%d bytes, %d writers, batch %,d, %d repeats%n",
                    server.query("SELECT version()").strip(), server.url(), rows, rowBytes(), writers, batch, repeats);
            new StorageWriterBenchmark(server, rows, writers, batch, work).run(repeats);
        } finally {
            deleteTree(work);
        }
    }

    private void run(int repeats) throws Exception {
        Path file = work.resolve("events.jsonl");
        long bytes = writeFile(file);
        System.out.printf(Locale.ROOT, "wrote %s: %,d bytes (%.0f bytes/row)%n", file, bytes, (double) bytes / rows);
        // Warm-up, untimed: let the JIT compile the writers' code paths before anything is measured.
        writerPool("keel_bench_warmup1", InsertFormat.ROW_BINARY, Math.min(rows, 200_000));
        writerPool("keel_bench_warmup2", InsertFormat.JSON_EACH_ROW, Math.min(rows, 200_000));
        List<Double> ceiling = new ArrayList<>();
        List<Double> pool = new ArrayList<>();
        List<Double> jsonPool = new ArrayList<>();
        for (int r = 1; r <= repeats; r++) {
            double bulk = bulkInsert(file, "keel_bench_bulk" + r);
            ceiling.add(bulk);
            double writer = writerPool("keel_bench_pool" + r, InsertFormat.ROW_BINARY);
            pool.add(writer);
            double json = writerPool("keel_bench_json" + r, InsertFormat.JSON_EACH_ROW);
            jsonPool.add(json);
            System.out.printf(Locale.ROOT, "repeat %d: bulk JSONEachRow INSERT %,.0f rows/s; writer pool %,.0f rows/s "
                    + "(ratio %.2f) with row-binary, %,.0f rows/s (ratio %.2f) with json-each-row%n",
                    r, bulk, writer, writer / bulk, json, json / bulk);
        }
        System.out.printf(Locale.ROOT, "median of %d: bulk JSONEachRow INSERT %,.0f rows/s (min %,.0f, max %,.0f)%n",
                repeats, median(ceiling), min(ceiling), max(ceiling));
        System.out.printf(Locale.ROOT, "  writer pool, row-binary:    %,.0f rows/s (min %,.0f, max %,.0f), ratio %.2f "
                + "(target >= 0.70)%n", median(pool), min(pool), max(pool), median(pool) / median(ceiling));
        System.out.printf(Locale.ROOT, "  writer pool, json-each-row: %,.0f rows/s (min %,.0f, max %,.0f), ratio %.2f%n",
                median(jsonPool), min(jsonPool), max(jsonPool), median(jsonPool) / median(ceiling));
    }

    /** The same bytes the writers send: one JSONEachRow line per event, written by the storage codec. */
    private long writeFile(Path file) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            for (long n = 0; n < rows; n++) {
                out.write(Json.encode(EventCodec.INSTANCE, BenchEvents.event(n)));
                out.write('\n');
            }
        }
        return Files.size(file);
    }

    /** ClickHouse's own ceiling: curl streams the file into one INSERT ... FORMAT JSONEachRow. */
    private double bulkInsert(Path file, String database) throws Exception {
        createSchema(database);
        String target = server.url() + "/?query=" + java.net.URLEncoder.encode(
                "INSERT INTO " + database + ".events FORMAT JSONEachRow", java.nio.charset.StandardCharsets.UTF_8);
        Cpu cpu = Cpu.start(server);
        long start = System.nanoTime();
        Process curl = new ProcessBuilder("curl", "-sS", "--fail", "-X", "POST", "-T", file.toString(), target)
                .redirectErrorStream(true).start();
        String output = new String(curl.getInputStream().readAllBytes());
        int exit = curl.waitFor();
        long elapsed = System.nanoTime() - start;
        if (exit != 0) {
            throw new IOException("curl failed (" + exit + "): " + output);
        }
        cpu.report("bulk", rows);
        verifyAndDrop(database, rows);
        return rows / (elapsed / 1e9);
    }

    /**
     * The writer pool: events offered in batches of 1,000 (waiting for room), timed from the first
     * offer until every row is stored.
     */
    private double writerPool(String database, InsertFormat format) throws Exception {
        return writerPool(database, format, rows);
    }

    private double writerPool(String database, InsertFormat format, long rows) throws Exception {
        StorageProperties properties = properties(database);
        StorageComponent storage = new StorageComponent(
                properties.withClickHouse(properties.clickhouse().withInsertFormat(format)),
                LifecycleEnvironment.withMeters(new SimpleMeterRegistry()));
        storage.start();
        Cpu cpu = Cpu.start(server);
        long start = System.nanoTime();
        try {
            for (long n = 0; n < rows; n += 1_000) {
                List<Event> events = BenchEvents.batch(n, (int) Math.min(1_000, rows - n));
                if (storage.events().offer(events, Duration.ofSeconds(60)) != Admission.ACCEPTED) {
                    throw new IllegalStateException("offer refused at row " + n);
                }
            }
            TableCounters counters = storage.counters().events();
            while (counters.stored() + counters.spooled() + counters.deadLettered() < rows) {
                Thread.sleep(2);
                counters = storage.counters().events();
            }
            long elapsed = System.nanoTime() - start;
            cpu.report("pool " + format.name().toLowerCase(Locale.ROOT), rows);
            if (counters.spooled() + counters.deadLettered() + counters.lost() > 0 || !counters.balanced()) {
                throw new IllegalStateException("not every row was stored: " + counters);
            }
            return rows / (elapsed / 1e9);
        } finally {
            storage.stop();
            verifyAndDrop(database, rows);
        }
    }

    private StorageProperties properties(String database) {
        return StorageProperties.defaults()
                .withBackend(StorageProperties.Backend.CLICKHOUSE)
                .withClickHouse(StorageProperties.ClickHouse.at(server.url()))
                .withDatabase(database)
                .withDataDir(work.resolve(database))
                .withQueue(Math.max(50_000, 2 * batch), batch)
                .withWriters(writers, Duration.ofSeconds(1));
    }

    /** Creates the schema exactly as storage does, by starting and stopping it once. */
    private void createSchema(String database) {
        StorageComponent storage = new StorageComponent(properties(database),
                LifecycleEnvironment.withMeters(new SimpleMeterRegistry()));
        storage.start();
        storage.stop();
    }

    private void verifyAndDrop(String database, long rows) throws Exception {
        long stored = server.queryLong("SELECT count() FROM " + database + ".events");
        if (stored != rows) {
            throw new IllegalStateException(database + ".events holds " + stored + " rows, expected " + rows);
        }
        server.query("DROP DATABASE " + database);
        Thread.sleep(1_000); // let the server settle before the next timed run
    }

    /** Logback's default is DEBUG for everything: the HTTP client's debug lines would cost more than the writers. */
    private static void quietLogging() {
        if (org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
                instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }

    /** CPU used by the server and by this JVM during a run, per row. */
    private record Cpu(LocalClickHouse server, long serverStart, long jvmStart) {
        static Cpu start(LocalClickHouse server) {
            return new Cpu(server, server.cpuNanos(), jvmCpu());
        }

        void report(String run, long rows) {
            long serverEnd = server.cpuNanos();
            String serverPart = serverStart < 0 ? "server ?" : String.format(Locale.ROOT, "server %.2f us/row",
                    (serverEnd - serverStart) / 1e3 / rows);
            System.out.printf(Locale.ROOT, "  %s cpu: %s, jvm %.2f us/row%n", run, serverPart,
                    (jvmCpu() - jvmStart) / 1e3 / rows);
        }

        private static long jvmCpu() {
            return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean()).getProcessCpuTime();
        }
    }

    private static int rowBytes() {
        return Json.encode(EventCodec.INSTANCE, BenchEvents.event(123_456)).length;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
