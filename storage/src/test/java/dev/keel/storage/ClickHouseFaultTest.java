package dev.keel.storage;

import static dev.keel.storage.StoreContract.awaitCounters;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keel.lifecycle.Admission;
import dev.keel.lifecycle.LifecycleEnvironment;
import dev.keel.lifecycle.StopOutcome;
import dev.keel.lifecycle.WorkerRegistry;
import dev.keel.lifecycle.testing.LeakCheck;
import dev.keel.storage.testing.ClickHouseExtension;
import dev.keel.storage.testing.ClickHouseServer;
import dev.keel.storage.testing.SampleRows;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Faults of the real server: killed with SIGKILL mid-load, down at stop, down at start, a table gone. */
class ClickHouseFaultTest {

    @RegisterExtension
    static final ClickHouseExtension clickhouse = new ClickHouseExtension();

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    @TempDir
    Path dataDir;

    private final String database = "keel_f" + Integer.toHexString(ThreadLocalRandom.current().nextInt() & 0x7fffffff);
    private final List<StorageComponent> started = new ArrayList<>();

    @BeforeEach
    void serverRunning() throws Exception {
        if (!server().isRunning()) {
            server().restart();
        }
    }

    @AfterEach
    void stopEverything() {
        started.forEach(StorageComponent::stop);
    }

    private static ClickHouseServer server() {
        return clickhouse.server();
    }

    private StorageComponent start(StorageProperties properties) {
        StorageComponent storage = new StorageComponent(properties,
                new LifecycleEnvironment(WorkerRegistry.shared(), new SimpleMeterRegistry()));
        started.add(storage);
        storage.start();
        return storage;
    }

    private StorageProperties properties() {
        return ClickHouseStorageTest.clickHouseProperties(server().url(), dataDir, database)
                .withQueue(50_000, 1_000)
                .withWriters(2, Duration.ofMillis(200));
    }

    private long count(String sql) throws Exception {
        return server().queryLong(sql.replace("DB", database));
    }

    @Test
    void aServerKilledMidLoadAndRestartedGetsEveryRowOnceWritingResumes() throws Exception {
        StorageComponent storage = start(properties());
        for (int batch = 0; batch < 10; batch++) {
            assertThat(storage.events().offer(SampleRows.events("k", batch * 1_000, 1_000), Duration.ofSeconds(30)))
                    .isEqualTo(Admission.ACCEPTED);
        }
        awaitCounters(storage, "events", c -> c.stored() >= 3_000);

        server().kill();
        for (int batch = 10; batch < 20; batch++) {
            assertThat(storage.events().offer(SampleRows.events("k", batch * 1_000, 1_000), Duration.ofSeconds(30)))
                    .isEqualTo(Admission.ACCEPTED);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> !storage.health().sinkUp());
        server().restart();

        TableCounters done = awaitCounters(storage, "events",
                c -> c.settled() && c.stored() + c.spooled() == 20_000 && c.replayed() == c.spooled()
                        && c.spoolPending() == 0);
        assertThat(done.accepted()).isEqualTo(20_000);
        assertThat(done.deadLettered() + done.lost()).isZero();
        assertThat(storage.stop().clean()).isTrue();

        // An insert the kill cut short may have been committed without its answer arriving, and
        // been retried: the table is a ReplacingMergeTree, so such a row is kept once.
        assertThat(count("SELECT uniqExact(event_id) FROM DB.events")).isEqualTo(20_000);
        assertThat(count("SELECT count() FROM DB.events FINAL")).isEqualTo(20_000);
    }

    @Test
    void aServerDownAtTheStopGetsTheSpooledRowsAtTheNextStartNoneLostNoneDoubled() throws Exception {
        StorageComponent storage = start(properties());
        assertThat(storage.events().offer(SampleRows.events("d", 0, 2_000))).isEqualTo(Admission.ACCEPTED);
        awaitCounters(storage, "events", c -> c.stored() == 2_000 && c.settled());

        server().kill();
        assertThat(storage.events().offer(SampleRows.events("d", 2_000, 3_000))).isEqualTo(Admission.ACCEPTED);
        assertThat(storage.alerts().offer(SampleRows.alerts("da", 0, 10))).isEqualTo(Admission.ACCEPTED);
        StopOutcome stop = storage.stop();

        assertThat(stop.clean()).as(stop.describe()).isTrue();
        TableCounters events = storage.counters().events();
        assertThat(events.balanced()).isTrue();
        assertThat(events.settled()).isTrue();
        assertThat(events.spooled()).isEqualTo(3_000);
        assertThat(storage.counters().alerts().spooled()).isEqualTo(10);

        server().restart();
        StorageComponent next = start(properties());
        awaitCounters(next, "events", c -> c.replayed() == 3_000 && c.spoolPending() == 0);
        awaitCounters(next, "alerts", c -> c.replayed() == 10 && c.spoolPending() == 0);
        next.stop();

        // Refused connections never reach the table: the counts are exact, without FINAL.
        assertThat(count("SELECT count() FROM DB.events")).isEqualTo(5_000);
        assertThat(count("SELECT uniqExact(event_id) FROM DB.events")).isEqualTo(5_000);
        assertThat(count("SELECT count() FROM DB.alerts")).isEqualTo(10);
    }

    @Test
    void aServerThatHangsDoesNotHoldTheStopPastItsTimeoutAndItsRowsAreSpooled() throws Exception {
        StorageComponent storage = start(properties().withStopTimeout(Duration.ofSeconds(3)));
        assertThat(storage.events().offer(SampleRows.events("h", 0, 1_000))).isEqualTo(Admission.ACCEPTED);
        awaitCounters(storage, "events", c -> c.stored() == 1_000 && c.settled());

        server().pause();
        try {
            assertThat(storage.events().offer(SampleRows.events("h", 1_000, 3_000))).isEqualTo(Admission.ACCEPTED);
            await().atMost(Duration.ofSeconds(30)).until(() -> storage.counters().events().inFlight() > 0);
            StopOutcome stop = storage.stop();

            // The writers blocked in a socket read are cancelled at the drain deadline (their
            // virtual threads' sockets close on interrupt) and spool what they held.
            assertThat(stop.clean()).as(stop.describe()).isTrue();
            assertThat(stop.duration()).isLessThan(Duration.ofSeconds(5));
            TableCounters events = storage.counters().events();
            assertThat(events.balanced()).isTrue();
            assertThat(events.settled()).isTrue();
            assertThat(events.stored() + events.spooled()).isEqualTo(4_000);
        } finally {
            server().resume();
        }

        StorageComponent next = start(properties());
        long spooled = storage.counters().events().spooled();
        awaitCounters(next, "events", c -> c.replayed() == spooled && c.spoolPending() == 0);
        next.stop();
        // The hung insert may still have been committed once the server woke: kept once by the table.
        assertThat(count("SELECT uniqExact(event_id) FROM DB.events")).isEqualTo(4_000);
        assertThat(count("SELECT count() FROM DB.events FINAL")).isEqualTo(4_000);
    }

    @Test
    void aServerDownAtTheStartStillAcceptsAndWritesOnceItAnswers() throws Exception {
        server().kill();
        StorageComponent storage = start(properties());
        assertThat(storage.health().schemaReady()).isFalse();
        assertThat(storage.events().offer(SampleRows.events("a", 0, 100))).isEqualTo(Admission.ACCEPTED);

        server().restart();
        awaitCounters(storage, "events", c -> c.settled() && c.stored() + c.spooled() == 100
                && c.replayed() == c.spooled() && c.spoolPending() == 0);
        assertThat(storage.health().schemaReady()).isTrue();
        assertThat(storage.health().healthy()).isTrue();
        storage.stop();

        assertThat(count("SELECT count() FROM DB.events")).isEqualTo(100);
    }

    @Test
    void rejectedRowsGoToTheLocalDeadLetterFileWhenTheDeadLettersTableCannotBeWritten() throws Exception {
        // JSONEachRow, so that the server itself rejects the value and names the row.
        StorageProperties json = properties();
        StorageComponent storage = start(json.withClickHouse(
                json.clickhouse().withInsertFormat(StorageProperties.ClickHouse.InsertFormat.JSON_EACH_ROW)));
        server().query("DROP TABLE " + database + ".dead_letters");
        List<dev.keel.storage.Event> batch = new ArrayList<>(SampleRows.events("l", 0, 20));
        batch.set(7, SampleRows.sparseEvent("bad-7", -5));

        assertThat(storage.events().offer(batch)).isEqualTo(Admission.ACCEPTED);
        TableCounters counters = awaitCounters(storage, "events", c -> c.settled() && c.stored() == 19);
        assertThat(counters.deadLettered()).isEqualTo(1);
        storage.stop();

        Path file = dataDir.resolve("dead-letters").resolve("events.jsonl");
        assertThat(Files.readAllLines(file)).singleElement().asString()
                .contains("\"row_id\":\"bad-7\"")
                .contains("Unsigned type must not contain");
        assertThat(count("SELECT count() FROM DB.events")).isEqualTo(19);
    }
}
