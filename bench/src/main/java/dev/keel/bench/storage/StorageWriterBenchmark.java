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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Rows per second that the ClickHouse writer pool of {@link StorageComponent} sustains for ~1 KB
 * events, against ClickHouse's own bulk {@code INSERT ... FORMAT JSONEachRow} of the very same
 * rows (the bytes the json-each-row writers send: written with the same codec) from a file, sent
 * by curl, as one stream and as two parallel streams (each half the file). All go into identical
 * fresh tables of the same server, interleaved, {@code --repeats} times: bulk (1 stream), bulk (2
 * streams), the pool with {@code insert-format: row-binary} (the default), the pool with
 * {@code json-each-row}. Ratios are taken per repeat (pool / 1-stream bulk of the same repeat),
 * and their median, minimum and maximum are reported.
 *
 * <pre>
 * java -cp ... dev.keel.bench.storage.StorageWriterBenchmark [--rows 1000000] [--repeats 5]
 *     [--writers 2] [--batch 10000] [--max-batch 100000] [--queue 50000]
 *     [--url http://127.0.0.1:8123]
 * </pre>
 *
 * The defaults are storage's own defaults ({@code batch-size} 10,000, {@code max-batch-size}
 * 100,000, {@code queue-capacity} 50,000, 2 writers). Without {@code --url} it starts a private
 * clickhouse-server in a temporary directory ({@code $KEEL_CLICKHOUSE_SERVER}, else Debian's). The bulk file is written before its run; a writer
 * run makes its events as it offers them (the cost of making them, about 0.3 µs a row, is part of
 * the pool's figure). A writer run is timed from the first offer until the counters say every row
 * is stored; each run's row count is checked in the table.
 */
public final class StorageWriterBenchmark {

    private final LocalClickHouse server;
    private final long rows;
    private final int writers;
    private final int batch;
    private final int maxBatch;
    private final int queue;
    private final Path work;

    private StorageWriterBenchmark(LocalClickHouse server, long rows, int writers, int batch, int maxBatch, int queue,
            Path work) {
        this.server = server;
        this.rows = rows;
        this.writers = writers;
        this.batch = batch;
        this.maxBatch = maxBatch;
        this.queue = queue;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        quietLogging();
        StorageProperties defaults = StorageProperties.defaults();
        long rows = 1_000_000;
        int repeats = 5;
        int writers = defaults.writers();
        int batch = defaults.batchSize();
        int maxBatch = defaults.maxBatchSize();
        int queue = defaults.queueCapacity();
        String url = null;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--rows" -> rows = Long.parseLong(args[i + 1]);
                case "--repeats" -> repeats = Integer.parseInt(args[i + 1]);
                case "--writers" -> writers = Integer.parseInt(args[i + 1]);
                case "--batch" -> batch = Integer.parseInt(args[i + 1]);
                case "--max-batch" -> maxBatch = Integer.parseInt(args[i + 1]);
                case "--queue" -> queue = Integer.parseInt(args[i + 1]);
                case "--url" -> url = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path work = Files.createTempDirectory("keel-bench-storage-");
        try (LocalClickHouse server = url != null ? LocalClickHouse.connect(url) : LocalClickHouse.start()) {
            System.out.printf(Locale.ROOT, "ClickHouse %s at %s; %,d rows of ~%d bytes; %d writers, batch-size %,d, "
                    + "max-batch-size %,d, queue-capacity %,d; %d repeats%n", server.query("SELECT version()").strip(),
                    server.url(), rows, rowBytes(), writers, batch, maxBatch, queue, repeats);
            new StorageWriterBenchmark(server, rows, writers, batch, maxBatch, queue, work).run(repeats);
        } finally {
            deleteTree(work);
        }
    }

    private void run(int repeats) throws Exception {
        Path file = work.resolve("events.jsonl");
        Path firstHalf = work.resolve("events-1.jsonl");
        Path secondHalf = work.resolve("events-2.jsonl");
        long bytes = writeFiles(file, firstHalf, secondHalf);
        System.out.printf(Locale.ROOT, "wrote %s: %,d bytes (%.0f bytes/row), and its two halves%n", file, bytes,
                (double) bytes / rows);
        // Warm-up, untimed: let the JIT compile the writers' code paths before anything is measured.
        writerPool("keel_bench_warmup1", InsertFormat.ROW_BINARY, Math.min(rows, 200_000));
        writerPool("keel_bench_warmup2", InsertFormat.JSON_EACH_ROW, Math.min(rows, 200_000));
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        Map<String, List<Double>> ratios = new LinkedHashMap<>();
        for (int r = 1; r <= repeats; r++) {
            double bulk = bulkInsert(List.of(file), "keel_bench_bulk" + r);
            double bulk2 = bulkInsert(List.of(firstHalf, secondHalf), "keel_bench_bulk2x" + r);
            double binary = writerPool("keel_bench_pool" + r, InsertFormat.ROW_BINARY);
            double json = writerPool("keel_bench_json" + r, InsertFormat.JSON_EACH_ROW);
            add(rates, "bulk JSONEachRow, 1 stream", bulk);
            add(rates, "bulk JSONEachRow, 2 streams", bulk2);
            add(rates, "writer pool, row-binary", binary);
            add(rates, "writer pool, json-each-row", json);
            add(ratios, "row-binary / bulk 1 stream", binary / bulk);
            add(ratios, "json-each-row / bulk 1 stream", json / bulk);
            add(ratios, "row-binary / bulk 2 streams", binary / bulk2);
            add(ratios, "json-each-row / bulk 2 streams", json / bulk2);
            System.out.printf(Locale.ROOT, "repeat %d (load %s): bulk %,.0f rows/s, bulk 2 streams %,.0f; pool row-binary "
                    + "%,.0f (ratio %.2f), json-each-row %,.0f (ratio %.2f)%n", r, load(), bulk, bulk2, binary,
                    binary / bulk, json, json / bulk);
        }
        System.out.printf(Locale.ROOT, "%nrows/s over %d repeats: median (min-max)%n", repeats);
        rates.forEach((name, values) -> System.out.printf(Locale.ROOT, "  %-32s %,9.0f (%,.0f-%,.0f)%n", name,
                median(values), min(values), max(values)));
        System.out.printf(Locale.ROOT, "ratios, per repeat, then median (min-max); target >= 0.70 of bulk 1 stream%n");
        ratios.forEach((name, values) -> System.out.printf(Locale.ROOT, "  %-32s %s -> %.2f (%.2f-%.2f)%n", name,
                values.stream().map(v -> String.format(Locale.ROOT, "%.2f", v)).toList(), median(values), min(values),
                max(values)));
    }

    private static void add(Map<String, List<Double>> series, String name, double value) {
        series.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }

    /** The bytes the json-each-row writers send, one JSONEachRow line per event, and the same lines split in two halves. */
    private long writeFiles(Path file, Path firstHalf, Path secondHalf) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20);
                OutputStream first = new BufferedOutputStream(Files.newOutputStream(firstHalf), 1 << 20);
                OutputStream second = new BufferedOutputStream(Files.newOutputStream(secondHalf), 1 << 20)) {
            for (long n = 0; n < rows; n++) {
                byte[] line = Json.encode(EventCodec.INSTANCE, BenchEvents.event(n));
                OutputStream half = n < rows / 2 ? first : second;
                out.write(line);
                out.write('\n');
                half.write(line);
                half.write('\n');
            }
        }
        return Files.size(file);
    }

    /** ClickHouse's own ceiling: curl streams each file into one INSERT ... FORMAT JSONEachRow, all at once. */
    private double bulkInsert(List<Path> files, String database) throws Exception {
        createSchema(database);
        String target = server.url() + "/?query=" + URLEncoder.encode("INSERT INTO " + database
                + ".events FORMAT JSONEachRow", StandardCharsets.UTF_8);
        Cpu cpu = Cpu.start(server);
        long start = System.nanoTime();
        List<Process> curls = new ArrayList<>();
        for (Path file : files) {
            curls.add(new ProcessBuilder("curl", "-sS", "--fail", "-X", "POST", "-T", file.toString(), target)
                    .redirectErrorStream(true).start());
        }
        for (Process curl : curls) {
            String output = new String(curl.getInputStream().readAllBytes());
            int exit = curl.waitFor();
            if (exit != 0) {
                throw new IOException("curl failed (" + exit + "): " + output);
            }
        }
        long elapsed = System.nanoTime() - start;
        cpu.report("bulk, " + files.size() + (files.size() == 1 ? " stream" : " streams"), rows, inserts(database));
        verifyAndDrop(database, rows);
        return rows / (elapsed / 1e9);
    }

    private double writerPool(String database, InsertFormat format) throws Exception {
        return writerPool(database, format, rows);
    }

    /** The writer pool: events offered in batches of 1,000 (waiting for room), timed from the first offer until every row is stored. */
    private double writerPool(String database, InsertFormat format, long rows) throws Exception {
        StorageProperties properties = properties(database);
        StorageComponent storage = new StorageComponent(properties.toBuilder()
                .clickhouse(properties.clickhouse().withInsertFormat(format)).build(),
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
            cpu.report("pool " + format.name().toLowerCase(Locale.ROOT), rows, inserts(database));
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
        return StorageProperties.builder()
                .backend(StorageProperties.Backend.CLICKHOUSE)
                .clickhouse(StorageProperties.ClickHouse.at(server.url()))
                .database(database)
                .dataDir(work.resolve(database))
                .queue(queue, batch, maxBatch)
                .writers(writers, 1)
                .build();
    }

    /** Creates the schema exactly as storage does, by starting and stopping it once. */
    private void createSchema(String database) {
        StorageComponent storage = new StorageComponent(properties(database),
                LifecycleEnvironment.withMeters(new SimpleMeterRegistry()));
        storage.start();
        storage.stop();
    }

    /** How many inserts went into the table, and their average size, from the query log; empty if it is not kept. */
    private String inserts(String database) {
        try {
            server.query("SYSTEM FLUSH LOGS");
            String[] answer = server.query("SELECT count(), round(avg(written_rows)), round(avg(query_duration_ms)), "
                    + "sum(query_duration_ms) FROM system.query_log WHERE type = 2 AND query LIKE 'INSERT INTO "
                    + database + ".events%' FORMAT TabSeparated").strip().split("\t");
            return String.format(Locale.ROOT, "%s inserts of %,.0f rows and %s ms on average (%s ms in all)", answer[0],
                    Double.parseDouble(answer[1]), answer[2], answer[3]);
        } catch (IOException | RuntimeException noLog) {
            return "inserts not known";
        }
    }

    private void verifyAndDrop(String database, long rows) throws Exception {
        long stored = server.queryLong("SELECT count() FROM " + database + ".events");
        if (stored != rows) {
            throw new IllegalStateException(database + ".events holds " + stored + " rows, expected " + rows);
        }
        server.query("DROP DATABASE " + database);
        Thread.sleep(1_000); // let the server settle before the next timed run
    }

    private static String load() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
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

        void report(String run, long rows, String inserts) {
            long serverEnd = server.cpuNanos();
            String serverPart = serverStart < 0 ? "server ?" : String.format(Locale.ROOT, "server %.2f us/row",
                    (serverEnd - serverStart) / 1e3 / rows);
            System.out.printf(Locale.ROOT, "  %s: cpu %s, jvm %.2f us/row; %s%n", run, serverPart,
                    (jvmCpu() - jvmStart) / 1e3 / rows, inserts);
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
