package dev.keel.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.keel.lifecycle.Admission;
import dev.keel.lifecycle.ComponentStartException;
import dev.keel.lifecycle.StopOutcome;
import dev.keel.storage.codec.EventCodec;
import dev.keel.storage.embedded.DuckDbBackend;
import dev.keel.storage.spool.Spool;
import dev.keel.storage.spool.SpoolSpace;
import dev.keel.storage.testing.SampleRows;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The store contract against the embedded DuckDB file, plus the admission contract and DuckDB's own cases. */
class EmbeddedStorageTest extends StoreContract {

    @Override
    StorageProperties properties(Path dataDir, String database) {
        StorageProperties defaults = StorageProperties.defaults();
        return defaults.toBuilder().dataDir(dataDir).database(database)
                .spool(defaults.spool().withReplayInterval(Duration.ofMillis(200))).build();
    }

    @Override
    boolean deduplicatesRetriedInserts() {
        return true; // primary key (event_id, timestamp) and INSERT OR IGNORE
    }

    @Override
    List<Integer> expectedSchemaVersions() {
        return List.of(1, 2);
    }

    @Override
    int mostEventInsertsFor(int rows, int bad) {
        // DuckDB names no row: halving isolates each bad row in at most two inserts per level.
        return 1 + 2 * bad * (32 - Integer.numberOfLeadingZeros(rows));
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
                return EmbeddedStorageTest.queryStrings(file, sql);
            }
        };
    }

    static List<String> queryStrings(Path file, String sql) throws Exception {
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

    @Test
    void aFullQueueRefusesAWholeBatchAndTakesNoneOfIt() throws Exception {
        StorageComponent storage = start(configure().queue(100, 10, 10).build());
        faults.holdInserts();
        assertThat(storage.events().offer(SampleRows.events("f", 0, 20))).isEqualTo(Admission.ACCEPTED);
        await().atMost(Duration.ofSeconds(30)).until(() -> faults.eventInserts.get() == 2);

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

        faults.releaseInserts();
        assertThat(storage.events().offer(SampleRows.events("f", 1_000, 50), Duration.ofSeconds(30)))
                .isEqualTo(Admission.ACCEPTED);
        awaitCounters(storage, "events", c -> c.stored() == 170 && c.settled());
        storage.stop();
        assertThat(contents(database).rows("events")).isEqualTo(170);
    }

    @Test
    void aWriterStuckInASlowInsertIsCancelledAtTheDrainDeadlineAndItsRowsSpooled() throws Exception {
        // A cancel grace (a fifth) of 2 s: spooling what the writers hold fits it on a loaded machine.
        Duration stopTimeout = Duration.ofSeconds(10);
        StorageComponent storage = start(configure().stopTimeout(stopTimeout).queue(1_000, 100, 100).build());
        faults.holdInserts();
        assertThat(storage.events().offer(SampleRows.events("x", 0, 500))).isEqualTo(Admission.ACCEPTED);
        await().atMost(Duration.ofSeconds(30)).until(() -> faults.eventInserts.get() == 2);

        StopOutcome stop = storage.stop();

        assertThat(stop.clean()).as(stop.describe()).isTrue();
        assertThat(stop.duration()).isLessThan(stopTimeout.plusSeconds(5));
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
    void aWriterInsertsAtMostAThousandRowsAtOnceIntoTheEmbeddedFile() throws Exception {
        StorageComponent storage = start(properties()); // batches may grow to max-batch-size, 100,000 rows
        faults.holdInserts();
        assertThat(storage.events().offer(SampleRows.events("big", 0, 1))).isEqualTo(Admission.ACCEPTED);
        await().atMost(Duration.ofSeconds(30)).until(() -> faults.eventInserts.get() == 1);
        // The other writer finds all of these queued at once.
        assertThat(storage.events().offer(SampleRows.events("big", 1, 4_999))).isEqualTo(Admission.ACCEPTED);
        faults.releaseInserts();

        awaitCounters(storage, "events", c -> c.stored() == 5_000 && c.settled());
        assertThat(faults.largestEventInsert.get()).isEqualTo(DuckDbBackend.MAX_ROWS_PER_INSERT);
        storage.stop();
        assertThat(contents(database).rows("events")).isEqualTo(5_000);
    }

    @Test
    void aReplayInsertsAtMostAThousandRowsAtOnceIntoTheEmbeddedFile() throws Exception {
        // One segment of 5,000 rows, as a rescue at the stop deadline writes what was still queued.
        List<Event> rows = SampleRows.events("seg", 0, 5_000);
        Spool.open(properties().spoolDirectory(), EventCodec.INSTANCE, new SpoolSpace(Long.MAX_VALUE)).append(rows);

        StorageComponent storage = start(properties());
        awaitCounters(storage, "events", c -> c.replayed() == 5_000 && c.spoolPending() == 0);
        assertThat(faults.largestEventInsert.get()).isEqualTo(DuckDbBackend.MAX_ROWS_PER_INSERT);
        storage.stop();
        assertThat(contents(database).rows("events")).isEqualTo(5_000);
    }

    @Test
    void theEmbeddedDatabaseIsAFileUnderTheDataDirectory() {
        StorageComponent storage = start(properties());
        storage.stop();

        assertThat(dataDir.resolve(database + ".duckdb")).exists();
        assertThat(dataDir.resolve("spool").resolve("events")).isDirectory();
    }

    @Test
    void aDifferentEventReusingAnIdIsKeptAndTheSameEventTwiceOnce() throws Exception {
        StorageComponent storage = start(properties());
        Event first = SampleRows.sparseEvent("client-1", SampleRows.BASE_TIME);
        Event reused = SampleRows.sparseEvent("client-1", SampleRows.BASE_TIME + 60_000); // a later event, same id

        assertThat(storage.events().offer(List.of(first))).isEqualTo(Admission.ACCEPTED);
        awaitCounters(storage, "events", c -> c.stored() == 1);
        assertThat(storage.events().offer(List.of(reused, first))).isEqualTo(Admission.ACCEPTED);
        awaitCounters(storage, "events", c -> c.stored() == 3);
        assertThat(storage.recentEvents(10)).containsExactly(reused); // reads show each id once, the newest
        storage.stop();

        // Like ClickHouse's (timestamp, event_id) key: both events are kept; the same one sent again is not doubled.
        assertThat(contents(database).rows("events")).isEqualTo(2);
    }

    @Test
    void aFileOfSchemaVersionOneIsMigratedToKeysOnIdAndTimestampKeepingItsRows() throws Exception {
        Path file = dataDir.resolve(database + ".duckdb");
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file);
                Statement statement = connection.createStatement()) {
            String schema = database + ".main";
            statement.execute("CREATE TABLE " + schema + ".schema_versions (version INTEGER PRIMARY KEY, "
                    + "description VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)");
            // Version 1 exactly as it was released: events keyed on event_id alone.
            statement.execute("CREATE TABLE " + schema + ".events (event_id VARCHAR PRIMARY KEY, "
                    + "timestamp BIGINT NOT NULL CHECK (timestamp >= 0), received_at BIGINT NOT NULL CHECK (received_at >= 0), "
                    + "source VARCHAR NOT NULL, host VARCHAR, \"user\" VARCHAR, action VARCHAR, src_ip VARCHAR, "
                    + "severity VARCHAR, message VARCHAR, attributes VARCHAR NOT NULL)");
            statement.execute("CREATE TABLE " + schema + ".alerts (alert_id VARCHAR PRIMARY KEY, rule_id VARCHAR NOT NULL, "
                    + "rule_title VARCHAR, level VARCHAR NOT NULL CHECK (level IN ('informational', 'low', 'medium', "
                    + "'high', 'critical')), timestamp BIGINT NOT NULL CHECK (timestamp >= 0), group_key VARCHAR NOT NULL, "
                    + "event_ids VARCHAR[] NOT NULL, summary VARCHAR)");
            statement.execute("CREATE TABLE " + schema + ".dead_letters (failed_at BIGINT NOT NULL, table_name VARCHAR "
                    + "NOT NULL, row_id VARCHAR NOT NULL, reason VARCHAR NOT NULL, payload VARCHAR NOT NULL)");
            statement.execute("INSERT INTO " + schema + ".events VALUES ('old-1', 1000, 1000, 'syslog', NULL, NULL, "
                    + "NULL, NULL, NULL, 'kept', '{}')");
            statement.execute("INSERT INTO " + schema + ".schema_versions VALUES (1, 'events, alerts and dead_letters "
                    + "tables', now())");
        }

        StorageComponent storage = start(properties());
        assertThat(storage.events().offer(List.of(SampleRows.sparseEvent("old-1", 2000)))).isEqualTo(Admission.ACCEPTED);
        awaitCounters(storage, "events", c -> c.stored() == 1);
        storage.stop();

        assertThat(contents(database).schemaVersions()).containsExactly(1, 2);
        assertThat(queryStrings(file, "SELECT timestamp || ':' || coalesce(message, '') FROM " + database
                + ".events ORDER BY timestamp")).containsExactly("1000:kept", "2000:");
    }

    @Test
    void aSpoolLockedByAnotherProcessFailsTheStartNamingTheDirectory() throws Exception {
        Path spool = properties().spoolDirectory();
        java.nio.file.Files.createDirectories(spool);
        String java = ProcessHandle.current().info().command().orElse("java");
        Process holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                SpoolLockHolder.class.getName(), spool.toString()).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("locked");

            StorageComponent storage = newStorage(properties());
            assertThatThrownBy(storage::start).isInstanceOf(ComponentStartException.class).rootCause()
                    .hasMessageContaining(spool.toAbsolutePath().toString())
                    .hasMessageContaining("locked by another process");
        } finally {
            holder.destroyForcibly();
            holder.waitFor(30, TimeUnit.SECONDS);
        }
        StorageComponent storage = start(properties());
        assertThat(storage.isRunning()).isTrue();
    }
}
