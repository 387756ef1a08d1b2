package dev.keel.storage;

import dev.keel.storage.testing.ClickHouseExtension;
import dev.keel.storage.testing.ClickHouseHttp;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The store contract against a private ClickHouse server from Debian's package (18.16). */
class ClickHouseStorageTest extends StoreContract {

    @RegisterExtension
    static final ClickHouseExtension clickhouse = new ClickHouseExtension();

    @Override
    StorageProperties properties(Path dataDir, String database) {
        return clickHouseProperties(clickhouse.server().url(), dataDir, database);
    }

    @Override
    Contents contents(String database) {
        return new ClickHouseContents(clickhouse.server().http(), database);
    }

    static StorageProperties clickHouseProperties(String url, Path dataDir, String database) {
        return StorageProperties.defaults()
                .withBackend(StorageProperties.Backend.CLICKHOUSE)
                .withClickHouse(StorageProperties.ClickHouse.at(url))
                .withDataDir(dataDir)
                .withDatabase(database)
                .withSpoolReplayInterval(Duration.ofMillis(200));
    }

    /** Looks at a ClickHouse database over plain HTTP. */
    record ClickHouseContents(ClickHouseHttp http, String database) implements Contents {

        @Override
        public long rows(String table) throws Exception {
            return http.queryLong("SELECT count() FROM " + database + "." + table);
        }

        @Override
        public long distinctIds(String table) throws Exception {
            String id = table.equals("events") ? "event_id" : "alert_id";
            return http.queryLong("SELECT uniqExact(" + id + ") FROM " + database + "." + table);
        }

        @Override
        public java.util.List<String> deadLetterIds(String table) throws Exception {
            return lines(http.query("SELECT row_id FROM " + database + ".dead_letters WHERE table_name = '" + table
                    + "' ORDER BY row_id FORMAT TabSeparated"));
        }

        @Override
        public java.util.List<Integer> schemaVersions() throws Exception {
            return lines(http.query("SELECT version FROM " + database + ".schema_versions ORDER BY version "
                    + "FORMAT TabSeparated")).stream().map(Integer::valueOf).toList();
        }

        private static java.util.List<String> lines(String text) {
            return text.lines().filter(line -> !line.isBlank()).toList();
        }
    }
}
