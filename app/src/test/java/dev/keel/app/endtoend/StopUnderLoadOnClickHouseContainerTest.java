package dev.keel.app.endtoend;

import dev.keel.storage.testing.ClickHouseHttp;
import org.testcontainers.clickhouse.ClickHouseContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The stop-under-load scenario on a current ClickHouse release in a container, the image
 * {@code docker-compose.yml} runs. Skipped where no Docker engine runs.
 */
@Testcontainers(disabledWithoutDocker = true)
class StopUnderLoadOnClickHouseContainerTest extends StopUnderLoadContract {

    static final String IMAGE = "clickhouse/clickhouse-server:26.3";

    @Container
    static final ClickHouseContainer clickhouse = new ClickHouseContainer(IMAGE);

    @Override
    ClickHouseHttp clickhouse() {
        return new ClickHouseHttp(clickhouse.getHttpUrl(), clickhouse.getUsername(), clickhouse.getPassword());
    }
}
