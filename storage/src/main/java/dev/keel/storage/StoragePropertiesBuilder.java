package dev.keel.storage;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Changes some values of a {@link StorageProperties} ({@link StorageProperties#toBuilder()},
 * {@link StorageProperties#builder()}); {@link #build()} validates the result as binding would.
 */
public final class StoragePropertiesBuilder {
    private StorageProperties.Backend backend;
    private String database;
    private Path dataDir;
    private int queueCapacity;
    private int writers;
    private int alertWriters;
    private int batchSize;
    private int maxBatchSize;
    private Duration flushInterval;
    private Duration stopTimeout;
    private StorageProperties.Retry retry;
    private StorageProperties.Spool spool;
    private StorageProperties.ClickHouse clickhouse;

    StoragePropertiesBuilder(StorageProperties from) {
        backend = from.backend();
        database = from.database();
        dataDir = from.dataDir();
        queueCapacity = from.queueCapacity();
        writers = from.writers();
        alertWriters = from.alertWriters();
        batchSize = from.batchSize();
        maxBatchSize = from.maxBatchSize();
        flushInterval = from.flushInterval();
        stopTimeout = from.stopTimeout();
        retry = from.retry();
        spool = from.spool();
        clickhouse = from.clickhouse();
    }

    public StoragePropertiesBuilder backend(StorageProperties.Backend value) {
        backend = value;
        return this;
    }

    public StoragePropertiesBuilder database(String value) {
        database = value;
        return this;
    }

    public StoragePropertiesBuilder dataDir(Path value) {
        dataDir = value;
        return this;
    }

    /** Queue capacity, {@code batch-size} and {@code max-batch-size} together, since they constrain each other. */
    public StoragePropertiesBuilder queue(int capacity, int flushAt, int maxBatch) {
        queueCapacity = capacity;
        batchSize = flushAt;
        maxBatchSize = maxBatch;
        return this;
    }

    public StoragePropertiesBuilder writers(int events, int alerts) {
        writers = events;
        alertWriters = alerts;
        return this;
    }

    public StoragePropertiesBuilder flushInterval(Duration value) {
        flushInterval = value;
        return this;
    }

    public StoragePropertiesBuilder stopTimeout(Duration value) {
        stopTimeout = value;
        return this;
    }

    public StoragePropertiesBuilder retry(StorageProperties.Retry value) {
        retry = value;
        return this;
    }

    public StoragePropertiesBuilder spool(StorageProperties.Spool value) {
        spool = value;
        return this;
    }

    public StoragePropertiesBuilder clickhouse(StorageProperties.ClickHouse value) {
        clickhouse = value;
        return this;
    }

    public StorageProperties build() {
        return new StorageProperties(backend, database, dataDir, queueCapacity, writers, alertWriters, batchSize,
                maxBatchSize, flushInterval, stopTimeout, retry, spool, clickhouse);
    }
}
