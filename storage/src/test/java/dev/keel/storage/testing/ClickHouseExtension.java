package dev.keel.storage.testing;

import dev.keel.lifecycle.testing.RealTools;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts one private ClickHouse server for a test class and stops it afterwards:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ClickHouseExtension clickhouse = new ClickHouseExtension();
 * ... clickhouse.server().url() ...
 * }</pre>
 *
 * Without a {@code clickhouse-server} binary the class is skipped with a message saying how to
 * get one; under {@code CI=true} it fails instead, so that CI cannot pass by skipping.
 */
public final class ClickHouseExtension implements BeforeAllCallback, AfterAllCallback {

    private ClickHouseServer server;

    public ClickHouseServer server() {
        if (server == null) {
            throw new IllegalStateException("the ClickHouse server is started in beforeAll; register the extension "
                    + "on a static field");
        }
        return server;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        RealTools.require(ClickHouseServer.findBinary().isPresent(), "no clickhouse-server binary for the ClickHouse "
                + "tests of " + context.getDisplayName(), "apt-get install clickhouse-server, or set KEEL_CLICKHOUSE_SERVER");
        server = ClickHouseServer.start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
