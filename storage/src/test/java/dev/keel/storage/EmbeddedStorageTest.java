package dev.keel.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keel.lifecycle.Admission;
import dev.keel.storage.testing.SampleRows;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The store contract against the embedded DuckDB file, plus the admission contract (backend-independent). */
class EmbeddedStorageTest extends StoreContract {

    @Override
    StorageProperties properties(Path dataDir, String database) {
        return StorageProperties.defaults().withDataDir(dataDir).withDatabase(database)
                .withSpoolReplayInterval(Duration.ofMillis(200));
    }

    @Override
    Contents contents(String database) {
        Path file = dataDir.resolve(database + ".duckdb");
        return new Contents() {
            @Override
            public long rows(String table) throws Exception {
                return queryLong("SELECT count(*) FROM " + database + "." + table);
            }

            @Override
            public long distinctIds(String table) throws Exception {
                String id = table.equals("events") ? "event_id" : "alert_id";
                return queryLong("SELECT count(DISTINCT " + id + ") FROM " + database + "." + table);
            }

            @Override
            public List<String> deadLetterIds(String table) throws Exception {
                return queryStrings("SELECT row_id FROM " + database + ".dead_letters WHERE table_name = '" + table
                        + "' ORDER BY row_id");
            }

            @Override
            public List<Integer> schemaVersions() throws Exception {
                return queryStrings("SELECT version FROM " + database + ".schema_versions ORDER BY version").stream()
                        .map(Integer::valueOf).toList();
            }

            private long queryLong(String sql) throws Exception {
                return Long.parseLong(queryStrings(sql).getFirst());
            }

            private List<String> queryStrings(String sql) throws Exception {
                try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file);
                        Statement statement = connection.createStatement();
                        ResultSet result = statement.executeQuery(sql)) {
                    List<String> values = new ArrayList<>();
                    while (result.next()) {
                        values.add(result.getString(1));
                    }
                    return values;
                }
            }
        };
    }

    @Test
    void aFullQueueRefusesAWholeBatchAndTakesNoneOfIt() throws Exception {
        StorageComponent storage = start(properties().withQueue(100, 10));
        faults.get().holdInserts();
        assertThat(storage.events().offer(SampleRows.events("f", 0, 20))).isEqualTo(Admission.ACCEPTED);
        await().atMost(Duration.ofSeconds(30)).until(() -> faults.get().eventInserts.get() == 2);

        int accepted = 20;
        for (int i = 2; storage.events().offer(SampleRows.events("f", i * 10, 10)) == Admission.ACCEPTED; i++) {
            accepted += 10;
        }
        // Two writers hold a batch of 10 each; the queue holds 100 more.
        assertThat(accepted).isEqualTo(120);
        TableCounters full = storage.counters().events();
        assertThat(full.accepted()).isEqualTo(120);
        assertThat(full.queued()).isEqualTo(100);
        assertThat(full.inFlight()).isEqualTo(20);
        assertThat(storage.events().offer(SampleRows.events("f", 500, 1), Duration.ofMillis(200)))
                .isEqualTo(Admission.FULL);
        assertThat(storage.events().offer(SampleRows.events("f", 500, 101), Duration.ofSeconds(1)))
                .as("a batch larger than the queue never fits").isEqualTo(Admission.FULL);
        assertThat(storage.counters().events().accepted()).isEqualTo(120);

        faults.get().releaseInserts();
        assertThat(storage.events().offer(SampleRows.events("f", 1_000, 50), Duration.ofSeconds(30)))
                .isEqualTo(Admission.ACCEPTED);
        awaitCounters(storage, "events", c -> c.stored() == 170 && c.settled());
        storage.stop();
        assertThat(contents(database).rows("events")).isEqualTo(170);
    }

    @Test
    void aWriterStuckInASlowInsertIsCancelledAtTheDrainDeadlineAndItsRowsSpooled() throws Exception {
        StorageComponent storage = start(properties().withStopTimeout(Duration.ofSeconds(2)).withQueue(1_000, 100));
        faults.get().holdInserts();
        assertThat(storage.events().offer(SampleRows.events("x", 0, 500))).isEqualTo(Admission.ACCEPTED);
        await().atMost(Duration.ofSeconds(30)).until(() -> faults.get().eventInserts.get() == 2);

        dev.keel.lifecycle.StopOutcome stop = storage.stop();

        assertThat(stop.clean()).as(stop.describe()).isTrue();
        assertThat(stop.duration()).isLessThan(Duration.ofSeconds(3));
        TableCounters counters = storage.counters().events();
        assertThat(counters.balanced()).isTrue();
        assertThat(counters.settled()).isTrue();
        assertThat(counters.spooled()).isEqualTo(500);

        StorageComponent next = start(properties());
        awaitCounters(next, "events", c -> c.replayed() == 500 && c.spoolPending() == 0);
        next.stop();
        assertThat(contents(database).rows("events")).isEqualTo(500);
    }

    @Test
    void theSpoolOfAnEarlierRunIsWrittenBeforeAnyNewRow() throws Exception {
        StorageComponent first = start(properties());
        faults.get().goDown();
        assertThat(first.events().offer(SampleRows.events("old", 0, 300))).isEqualTo(Admission.ACCEPTED);
        first.stop();
        assertThat(first.counters().events().spooled()).isEqualTo(300);

        faults.get().comeBack();
        faults.get().slowInsertsOf("old-", Duration.ofMillis(500)); // the replay of the old rows takes a while
        StorageComponent next = start(properties().withWriters(2, Duration.ofMillis(5)));
        assertThat(next.events().offer(SampleRows.events("new", 0, 200))).isEqualTo(Admission.ACCEPTED);
        awaitCounters(next, "events", c -> c.replayed() == 300 && c.stored() == 200 && c.settled());

        List<String> order = faults.get().insertedEventIds;
        assertThat(order).hasSize(500);
        assertThat(order.subList(0, 300)).allMatch(id -> id.startsWith("old-"));
        assertThat(order.subList(300, 500)).allMatch(id -> id.startsWith("new-"));
    }

    @Test
    void theEmbeddedDatabaseIsAFileUnderTheDataDirectory() {
        StorageComponent storage = start(properties());
        storage.stop();

        assertThat(dataDir.resolve(database + ".duckdb")).exists();
        assertThat(dataDir.resolve("spool").resolve("events")).isDirectory();
    }
}
