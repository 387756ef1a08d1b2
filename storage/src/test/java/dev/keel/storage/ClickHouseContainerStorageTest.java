package dev.keel.storage;

import dev.keel.storage.testing.ClickHouseHttp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.testcontainers.clickhouse.ClickHouseContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The store contract against a current ClickHouse release in a container, for machines with
 * Docker (skipped elsewhere). The image is the one {@code docker-compose.yml} pins.
 */
@Testcontainers(disabledWithoutDocker = true)
class ClickHouseContainerStorageTest extends StoreContract {

    /** The release {@code docker-compose.yml} pins. */
    static final String IMAGE = "clickhouse/clickhouse-server:26.3";

    @Container
    static final ClickHouseContainer clickhouse = new ClickHouseContainer(IMAGE);

    @Override
    StorageProperties properties(Path dataDir, String database) {
        return containerProperties(clickhouse, dataDir, database);
    }

    static StorageProperties containerProperties(ClickHouseContainer container, Path dataDir, String database) {
        StorageProperties defaults = StorageProperties.defaults();
        return defaults.toBuilder()
                .backend(StorageProperties.Backend.CLICKHOUSE)
                .clickhouse(new StorageProperties.ClickHouse(container.getHttpUrl(), container.getUsername(),
                        container.getPassword(), Duration.ofSeconds(2), Duration.ofSeconds(30),
                        StorageProperties.ClickHouse.InsertFormat.ROW_BINARY))
                .dataDir(dataDir)
                .database(database)
                .spool(defaults.spool().withReplayInterval(Duration.ofMillis(200)))
                .build();
    }

    @Override
    Contents contents(String database) {
        return new ClickHouseStorageTest.ClickHouseContents(
                new ClickHouseHttp(clickhouse.getHttpUrl(), clickhouse.getUsername(), clickhouse.getPassword()),
                database);
    }

    @Override
    boolean deduplicatesRetriedInserts() {
        return true; // insert_deduplication_token with the table's de-duplication window (schema version 2)
    }

    @Override
    List<Integer> expectedSchemaVersions() {
        return List.of(1, 2);
    }

    @Override
    int mostEventInsertsFor(int rows, int bad) {
        return 2;
    }
}
