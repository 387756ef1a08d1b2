package dev.keel.app.endtoend;

import dev.keel.storage.testing.ClickHouseExtension;
import dev.keel.storage.testing.ClickHouseHttp;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The stop-under-load scenario on a private {@code clickhouse-server} (Debian's 18.16, what CI
 * runs). Skipped without the binary, except under {@code CI=true}, where that fails.
 */
class StopUnderLoadOnLocalClickHouseTest extends StopUnderLoadContract {

    @RegisterExtension
    static final ClickHouseExtension clickhouse = new ClickHouseExtension();

    @Override
    ClickHouseHttp clickhouse() {
        return clickhouse.server().http();
    }
}
