package dev.keel.storage;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Configuration of the storage module, bound from {@code keel.storage.*}. The compact
 * constructor checks every value too, so a component built in plain Java is validated the same
 * way Spring validates a bound one.
 *
 * @param backend where rows go: {@code embedded} (a DuckDB file under the data dir, the default) or {@code clickhouse}
 * @param database the ClickHouse database, or the DuckDB file and catalog name, that holds the tables; a plain
 *     identifier
 * @param dataDir the directory for the embedded database file, the spool and the local dead-letter files
 * @param queueCapacity how many rows each table's writer queue holds; a full queue refuses offers (FULL)
 * @param writers how many writer workers write events
 * @param alertWriters how many writer workers write alerts
 * @param batchSize how many queued rows make a writer hand on a batch at once (without waiting for
 *     {@code flush-interval})
 * @param maxBatchSize the most rows one insert carries: a writer takes everything queued up to this many, so
 *     batches stay at {@code batch-size} under light traffic and grow under load (inserts are atomic up to this
 *     size; the queue capacity caps it too, and the embedded store caps it at 1,000 so that an insert, which ignores
 *     interrupts, ends within the cancel grace of a stop)
 * @param flushInterval how long a writer waits for {@code batch-size} rows after its first row
 * @param stopTimeout how long a stop may take: queues drain and flush, what is left is spooled
 * @param retry how transient write failures are retried
 * @param spool where rows that cannot be written go, and how often they are replayed
 * @param clickhouse how to reach ClickHouse when the backend is {@code clickhouse}
 */
@ConfigurationProperties("keel.storage")
@Validated
public record StorageProperties(
        @DefaultValue("embedded") @NotNull Backend backend,
        @DefaultValue("keel") @NotBlank @Pattern(regexp = IDENTIFIER) String database,
        @DefaultValue("data") @NotNull Path dataDir,
        @DefaultValue("50000") @Min(1) @Max(10_000_000) int queueCapacity,
        @DefaultValue("2") @Min(1) @Max(64) int writers,
        @DefaultValue("1") @Min(1) @Max(64) int alertWriters,
        @DefaultValue("10000") @Min(1) @Max(MAX_BATCH_SIZE) int batchSize,
        @DefaultValue("100000") @Min(1) @Max(MAX_BATCH_SIZE) int maxBatchSize,
        @DefaultValue("1s") @NotNull Duration flushInterval,
        @DefaultValue("20s") @NotNull Duration stopTimeout,
        @DefaultValue @NotNull @Valid Retry retry,
        @DefaultValue @NotNull @Valid Spool spool,
        @DefaultValue @NotNull @Valid ClickHouse clickhouse) {

    /** A plain SQL identifier: the database name is part of DDL text, so nothing else is allowed. */
    public static final String IDENTIFIER = "[A-Za-z_][A-Za-z0-9_]{0,63}";

    /**
     * The largest insert: ClickHouse inserts a body of up to {@code max_insert_block_size} rows (about
     * a million) as one block, so a batch of this size is written all or nothing.
     */
    public static final int MAX_BATCH_SIZE = 100_000;

    /** The storage backends. */
    public enum Backend {
        /** A DuckDB file under {@code data-dir}: nothing else to install. */
        EMBEDDED,
        /** A ClickHouse server over HTTP. */
        CLICKHOUSE
    }

    public StorageProperties {
        Objects.requireNonNull(backend, "keel.storage.backend");
        Objects.requireNonNull(database, "keel.storage.database");
        Objects.requireNonNull(dataDir, "keel.storage.data-dir");
        Objects.requireNonNull(retry, "keel.storage.retry");
        Objects.requireNonNull(spool, "keel.storage.spool");
        Objects.requireNonNull(clickhouse, "keel.storage.clickhouse");
        if (!database.matches(IDENTIFIER)) {
            throw new IllegalArgumentException("keel.storage.database must be a plain identifier (" + IDENTIFIER
                    + "), was '" + database + "'");
        }
        check(queueCapacity >= 1, "keel.storage.queue-capacity must be >= 1, was " + queueCapacity);
        check(writers >= 1 && writers <= 64, "keel.storage.writers must be 1..64, was " + writers);
        check(alertWriters >= 1 && alertWriters <= 64, "keel.storage.alert-writers must be 1..64, was " + alertWriters);
        check(batchSize >= 1 && batchSize <= MAX_BATCH_SIZE,
                "keel.storage.batch-size must be 1.." + MAX_BATCH_SIZE + ", was " + batchSize);
        check(batchSize <= queueCapacity, "keel.storage.batch-size (" + batchSize
                + ") must not exceed keel.storage.queue-capacity (" + queueCapacity + ")");
        check(maxBatchSize >= batchSize && maxBatchSize <= MAX_BATCH_SIZE, "keel.storage.max-batch-size must be "
                + "keel.storage.batch-size (" + batchSize + ").." + MAX_BATCH_SIZE + ", was " + maxBatchSize);
        positive(flushInterval, "keel.storage.flush-interval");
        positive(stopTimeout, "keel.storage.stop-timeout");
    }

    /** The defaults, bound from an empty source so that the {@link DefaultValue}s above are the only source of truth. */
    public static StorageProperties defaults() {
        return new Binder(new MapConfigurationPropertySource()).bindOrCreate("keel.storage", StorageProperties.class);
    }

    /** The spool directory: {@code spool.dir} if set, else {@code <data-dir>/spool}. */
    public Path spoolDirectory() {
        return spool.dir() != null ? spool.dir() : dataDir.resolve("spool");
    }

    /** Where rows go when even the {@code dead_letters} table cannot be written: {@code <data-dir>/dead-letters}. */
    public Path deadLetterDirectory() {
        return dataDir.resolve("dead-letters");
    }

    /** A builder starting from these values: for tests, the benchmark, and plain-Java wiring. */
    public StoragePropertiesBuilder toBuilder() {
        return new StoragePropertiesBuilder(this);
    }

    /** A builder starting from {@link #defaults()}. */
    public static StoragePropertiesBuilder builder() {
        return defaults().toBuilder();
    }

    /**
     * Retries of transient write failures (connection refused, timeouts, 5xx, a busy server).
     *
     * @param initialBackoff the first delay after a transient failure; it doubles on each further failure
     * @param maxBackoff the cap on the delay between attempts
     * @param giveUpAfter how long the sink may stay unreachable before writers stop retrying and spool
     *     batches instead (while it stays down, new batches are spooled at once)
     */
    public record Retry(
            @DefaultValue("100ms") @NotNull Duration initialBackoff,
            @DefaultValue("5s") @NotNull Duration maxBackoff,
            @DefaultValue("30s") @NotNull Duration giveUpAfter) {

        public Retry {
            positive(initialBackoff, "keel.storage.retry.initial-backoff");
            positive(maxBackoff, "keel.storage.retry.max-backoff");
            positive(giveUpAfter, "keel.storage.retry.give-up-after");
            check(maxBackoff.compareTo(initialBackoff) >= 0,
                    "keel.storage.retry.max-backoff must be >= keel.storage.retry.initial-backoff");
        }
    }

    /**
     * The local spool for rows that cannot be written now.
     *
     * @param dir the spool directory; unset means {@code <data-dir>/spool}
     * @param replayInterval how often the spool replayer looks for spooled rows to write (and
     *     probes a sink that is down)
     * @param maxBytes the most disk the spool segments (both tables) may take; beyond it, writers hold the
     *     batches the sink will not take, the queues fill and offers are refused (FULL) until the sink takes rows
     *     again (a stop still spools what is left)
     */
    public record Spool(
            Path dir,
            @DefaultValue("5s") @NotNull Duration replayInterval,
            @DefaultValue("10GB") @NotNull DataSize maxBytes) {

        public Spool {
            positive(replayInterval, "keel.storage.spool.replay-interval");
            Objects.requireNonNull(maxBytes, "keel.storage.spool.max-bytes");
            check(maxBytes.toBytes() > 0, "keel.storage.spool.max-bytes must be positive, was " + maxBytes);
        }

        /** The spool with another replay interval. */
        public Spool withReplayInterval(Duration interval) {
            return new Spool(dir, interval, maxBytes);
        }

        /** The spool with another size limit. */
        public Spool withMaxBytes(DataSize limit) {
            return new Spool(dir, replayInterval, limit);
        }
    }

    /**
     * How to reach ClickHouse (only read when {@code backend} is {@code clickhouse}).
     *
     * @param url the HTTP endpoint, such as {@code http://127.0.0.1:8123}
     * @param username the user name
     * @param password the password; empty for none
     * @param connectTimeout how long to wait for a TCP connection
     * @param socketTimeout how long a request may wait for the server's answer before it counts
     *     as a transient failure
     * @param insertFormat how rows are sent: {@code row-binary} (the default: the server parses
     *     almost nothing, values are checked against the schema before sending) or
     *     {@code json-each-row} (the server checks every value)
     */
    public record ClickHouse(
            @DefaultValue("http://127.0.0.1:8123") @NotBlank String url,
            @DefaultValue("default") @NotNull String username,
            @DefaultValue("") @NotNull String password,
            @DefaultValue("2s") @NotNull Duration connectTimeout,
            @DefaultValue("30s") @NotNull Duration socketTimeout,
            @DefaultValue("row-binary") @NotNull InsertFormat insertFormat) {

        /** The insert formats. */
        public enum InsertFormat {
            /** {@code INSERT ... FORMAT RowBinary}. */
            ROW_BINARY,
            /** {@code INSERT ... FORMAT JSONEachRow}. */
            JSON_EACH_ROW
        }

        public ClickHouse {
            Objects.requireNonNull(url, "keel.storage.clickhouse.url");
            Objects.requireNonNull(username, "keel.storage.clickhouse.username");
            Objects.requireNonNull(password, "keel.storage.clickhouse.password");
            check(url.startsWith("http://") || url.startsWith("https://"),
                    "keel.storage.clickhouse.url must be an http:// or https:// URL, was '" + url + "'");
            positive(connectTimeout, "keel.storage.clickhouse.connect-timeout");
            positive(socketTimeout, "keel.storage.clickhouse.socket-timeout");
            Objects.requireNonNull(insertFormat, "keel.storage.clickhouse.insert-format");
        }

        /** The defaults with another endpoint: what tests and the benchmark use. */
        public static ClickHouse at(String url) {
            return new ClickHouse(url, "default", "", Duration.ofSeconds(2), Duration.ofSeconds(30),
                    InsertFormat.ROW_BINARY);
        }

        public ClickHouse withInsertFormat(InsertFormat format) {
            return new ClickHouse(url, username, password, connectTimeout, socketTimeout, format);
        }

        @Override
        public String toString() {
            return "ClickHouse[url=" + url + ", username=" + username + ", password=" + (password.isEmpty() ? "" : "***")
                    + ", connectTimeout=" + connectTimeout + ", socketTimeout=" + socketTimeout
                    + ", insertFormat=" + insertFormat + "]";
        }
    }

    private static void positive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        check(!value.isNegative() && !value.isZero(), name + " must be positive, was " + value);
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
