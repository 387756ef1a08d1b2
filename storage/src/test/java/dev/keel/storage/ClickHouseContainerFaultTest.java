package dev.keel.storage;

import dev.keel.storage.testing.ClickHouseHttp;
import java.nio.file.Path;
import java.util.Optional;
import org.testcontainers.clickhouse.ClickHouseContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The ClickHouse faults against a current release in a container (skipped without Docker): those
 * that need no process control (a dropped table, an unwritable {@code dead_letters}, an insert
 * whose answer is lost, which this release de-duplicates); the kill and hang scenarios need the
 * local server process.
 */
@Testcontainers(disabledWithoutDocker = true)
class ClickHouseContainerFaultTest extends ClickHouseFaultContract {

    @Container
    static final ClickHouseContainer clickhouse = new ClickHouseContainer(ClickHouseContainerStorageTest.IMAGE);

    @Override
    StorageProperties serverProperties(Path dataDir, String database) {
        return ClickHouseContainerStorageTest.containerProperties(clickhouse, dataDir, database);
    }

    @Override
    ClickHouseHttp http() {
        return new ClickHouseHttp(clickhouse.getHttpUrl(), clickhouse.getUsername(), clickhouse.getPassword());
    }

    @Override
    boolean deduplicatesRetriedInserts() {
        return true;
    }

    @Override
    Optional<ServerProcess> process() {
        return Optional.empty();
    }
}
