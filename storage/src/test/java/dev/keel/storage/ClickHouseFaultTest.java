package dev.keel.storage;

import dev.keel.storage.testing.ClickHouseExtension;
import dev.keel.storage.testing.ClickHouseHttp;
import dev.keel.storage.testing.ClickHouseServer;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The ClickHouse faults against a private 18.16 server, which the tests kill (SIGKILL), restart and hang (SIGSTOP). */
class ClickHouseFaultTest extends ClickHouseFaultContract {

    @RegisterExtension
    static final ClickHouseExtension clickhouse = new ClickHouseExtension();

    private static ClickHouseServer server() {
        return clickhouse.server();
    }

    @BeforeEach
    void serverRunning() throws Exception {
        if (!server().isRunning()) {
            server().restart();
        }
    }

    @Override
    StorageProperties serverProperties(Path dataDir, String database) {
        return ClickHouseStorageTest.clickHouseProperties(server().url(), dataDir, database);
    }

    @Override
    ClickHouseHttp http() {
        return server().http();
    }

    @Override
    boolean deduplicatesRetriedInserts() {
        return false; // 18.16: at-least-once, reads de-duplicate by id
    }

    @Override
    Optional<ServerProcess> process() {
        return Optional.of(new ServerProcess() {
            @Override
            public void kill() throws Exception {
                server().kill();
            }

            @Override
            public void restart() throws Exception {
                server().restart();
            }

            @Override
            public void pause() throws Exception {
                server().pause();
            }

            @Override
            public void resume() throws Exception {
                server().resume();
            }
        });
    }
}
