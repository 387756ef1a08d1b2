package dev.keel.storage;

import dev.keel.storage.testing.ClickHouseHttp;
import java.nio.file.Path;
import java.time.Duration;
import org.testcontainers.clickhouse.ClickHouseContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The store contract against a current ClickHouse release in a container, for machines with
 * Docker (skipped elsewhere). The image is the one {@code docker-compose.yml} should pin.
 */
@Testcontainers(disabledWithoutDocker = true)
class ClickHouseContainerStorageTest extends StoreContract {

    /** The current LTS release line. */
    static final String IMAGE = "clickhouse/clickhouse-server:26.3";

    @Container
    static final ClickHouseContainer clickhouse = new ClickHouseContainer(IMAGE);

    @Override
    StorageProperties properties(Path dataDir, String database) {
        return StorageProperties.defaults()
                .withBackend(StorageProperties.Backend.CLICKHOUSE)
                .withClickHouse(new StorageProperties.ClickHouse(clickhouse.getHttpUrl(), clickhouse.getUsername(),
                        clickhouse.getPassword(), Duration.ofSeconds(2), Duration.ofSeconds(30),
                        StorageProperties.ClickHouse.InsertFormat.ROW_BINARY))
                .withDataDir(dataDir)
                .withDatabase(database)
                .withSpoolReplayInterval(Duration.ofMillis(200));
    }

    @Override
    Contents contents(String database) {
        return new ClickHouseStorageTest.ClickHouseContents(
                new ClickHouseHttp(clickhouse.getHttpUrl(), clickhouse.getUsername(), clickhouse.getPassword()),
                database);
    }
}
