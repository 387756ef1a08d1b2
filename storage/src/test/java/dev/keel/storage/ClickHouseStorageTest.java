package dev.keel.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.lifecycle.Admission;
import dev.keel.storage.testing.ClickHouseExtension;
import dev.keel.storage.testing.ClickHouseHttp;
import dev.keel.storage.testing.SampleRows;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The store contract against a private ClickHouse server from Debian's package (18.16), with
 * RowBinary inserts: here a bad value is caught by the client-side checks before anything is
 * sent; {@link ClickHouseJsonEachRowStorageTest} shows the server itself rejecting it.
 */
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

    @Override
    boolean deduplicatesRetriedInserts() {
        return false; // 18.16 has no insert_deduplication_token: at-least-once, reads de-duplicate by id
    }

    @Override
    List<Integer> expectedSchemaVersions() {
        return List.of(1); // version 2 (the de-duplication window) waits for a server that has it
    }

    @Override
    int mostEventInsertsFor(int rows, int bad) {
        return 2; // one insert fails the client-side checks, naming every bad row; one stores the rest
    }

    static StorageProperties clickHouseProperties(String url, Path dataDir, String database) {
        StorageProperties defaults = StorageProperties.defaults();
        return defaults.toBuilder()
                .backend(StorageProperties.Backend.CLICKHOUSE)
                .clickhouse(StorageProperties.ClickHouse.at(url))
                .dataDir(dataDir)
                .database(database)
                .spool(defaults.spool().withReplayInterval(Duration.ofMillis(200)))
                .build();
    }

    @Test
    void recentReadsReadOnlyTheNewestRangeOfALargeTable() throws Exception {
        StorageComponent storage = start(properties());
        ClickHouseHttp http = clickhouse.server().http();
        // 60,000 old rows (2024), written by the server itself, and 100 recent ones through storage.
        http.query("INSERT INTO " + database + ".events (event_id, timestamp, received_at, source, attributes) "
                + "SELECT concat('old-', toString(number)), " + SampleRows.BASE_TIME + " + number, "
                + SampleRows.BASE_TIME + " + number, 'syslog', '{}' FROM system.numbers LIMIT 60000");
        long now = System.currentTimeMillis();
        List<Event> recent = java.util.stream.IntStream.range(0, 100)
                .mapToObj(i -> SampleRows.sparseEvent("new-" + i, now - 60_000 + i)).toList();
        assertThat(storage.events().offer(recent)).isEqualTo(Admission.ACCEPTED);
        awaitCounters(storage, "events", c -> c.stored() == 100);

        assertThat(storage.recentEvents(10)).extracting(Event::eventId).startsWith("new-99", "new-98");
        assertThat(storage.recentEvents(200)).hasSize(200); // widens to older windows when the newest is short

        http.query("SYSTEM FLUSH LOGS");
        String reads = "FROM system.query_log WHERE type = 2 AND query LIKE '%FROM " + database + ".events%LIMIT 1 BY%'";
        assertThat(http.queryLong("SELECT count() " + reads)).as("recent reads logged").isGreaterThanOrEqualTo(2);
        assertThat(http.queryLong("SELECT min(read_rows) " + reads)).as("rows read by the cheapest recent read")
                .isLessThan(10_000);
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
        public List<String> deadLetterIds(String table) throws Exception {
            return lines(http.query("SELECT row_id FROM " + database + ".dead_letters WHERE table_name = '" + table
                    + "' ORDER BY row_id FORMAT TabSeparated"));
        }

        @Override
        public List<Integer> schemaVersions() throws Exception {
            return lines(http.query("SELECT version FROM " + database + ".schema_versions ORDER BY version "
                    + "FORMAT TabSeparated")).stream().map(Integer::valueOf).toList();
        }

        private static List<String> lines(String text) {
            return text.lines().filter(line -> !line.isBlank()).toList();
        }
    }
}
