package dev.keel.storage;

import static dev.keel.storage.StoreContract.awaitCounters;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keel.lifecycle.Admission;
import dev.keel.lifecycle.LifecycleEnvironment;
import dev.keel.lifecycle.StopOutcome;
import dev.keel.lifecycle.WorkerRegistry;
import dev.keel.lifecycle.testing.LeakCheck;
import dev.keel.storage.backend.BackendException;
import dev.keel.storage.clickhouse.ClickHouseBackend;
import dev.keel.storage.clickhouse.ServerFeatures;
import dev.keel.storage.testing.ClickHouseHttp;
import dev.keel.storage.testing.SampleRows;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults of a real ClickHouse server, written once and run against the private 18.16 server
 * ({@link ClickHouseFaultTest}, which can also kill, restart and hang it) and, with Docker, a
 * current release ({@link ClickHouseContainerFaultTest}). Storage runs over a {@link FaultyBackend}
 * that only counts, unless a test injects a fault.
 */
abstract class ClickHouseFaultContract {

    /** Control over the server's process, for the tests that kill, restart or hang it. */
    interface ServerProcess {
        void kill() throws Exception;

        void restart() throws Exception;

        void pause() throws Exception;

        void resume() throws Exception;
    }

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    @TempDir
    Path dataDir;

    final String database = "keel_f" + Integer.toHexString(ThreadLocalRandom.current().nextInt() & 0x7fffffff);
    final FaultyBackend.Plan faults = new FaultyBackend.Plan();
    private final List<StorageComponent> started = new ArrayList<>();

    /** Storage's properties for this server, writing to {@code database} under {@code dataDir}. */
    abstract StorageProperties serverProperties(Path dataDir, String database);

    abstract ClickHouseHttp http();

    /** Whether the server skips an insert sent again (insert_deduplication_token). */
    abstract boolean deduplicatesRetriedInserts();

    /** The server's process, where the test runs it. */
    abstract Optional<ServerProcess> process();

    @AfterEach
    void stopEverything() {
        faults.releaseInserts();
        started.forEach(StorageComponent::stop);
    }

    StorageComponent start(StorageProperties properties) {
        StorageComponent storage = newStorage(properties);
        storage.start();
        return storage;
    }

    StorageComponent newStorage(StorageProperties properties) {
        StorageComponent storage = new StorageComponent(properties,
                new LifecycleEnvironment(WorkerRegistry.shared(), new SimpleMeterRegistry()),
                FaultyBackend.wrapping(StorageComponent.standardBackends(), faults));
        started.add(storage);
        return storage;
    }

    StorageProperties properties() {
        return serverProperties(dataDir, database).toBuilder().queue(50_000, 1_000, 1_000).writers(2, 1)
                .flushInterval(Duration.ofMillis(200)).build();
    }

    ServerProcess killable() {
        Optional<ServerProcess> process = process();
        Assumptions.assumeTrue(process.isPresent(), "needs a server process the test can kill and restart");
        return process.get();
    }

    long count(String sql) throws Exception {
        return http().queryLong(sql.replace("DB", database));
    }

    private static void offer(StorageComponent storage, String prefix, int fromBatch, int toBatch) throws Exception {
        for (int batch = fromBatch; batch < toBatch; batch++) {
            assertThat(storage.events().offer(SampleRows.events(prefix, batch * 1_000, 1_000), Duration.ofSeconds(30)))
                    .isEqualTo(Admission.ACCEPTED);
        }
    }

    @Test
    void aServerKilledWhileAnInsertIsInFlightGetsEveryRowAndDoublesAtMostTheInsertsWithoutAnAnswer() throws Exception {
        ServerProcess server = killable();
        StorageComponent storage = start(properties());
        offer(storage, "k", 0, 10);
        awaitCounters(storage, "events", c -> c.stored() >= 3_000);

        server.pause(); // an insert sent now hangs in flight until the kill
        offer(storage, "k", 10, 15);
        await().atMost(Duration.ofSeconds(30)).until(() -> faults.eventInsertsInFlight.get() > 0);
        server.kill();
        offer(storage, "k", 15, 20);
        await().atMost(Duration.ofSeconds(30)).until(() -> !storage.health().sinkUp());
        server.restart();
        offer(storage, "k", 20, 25);

        TableCounters done = awaitCounters(storage, "events",
                c -> c.settled() && c.stored() + c.spooled() == 25_000 && c.replayed() == c.spooled()
                        && c.spoolPending() == 0);
        assertThat(done.accepted()).isEqualTo(25_000);
        assertThat(done.deadLettered() + done.lost()).isZero();
        assertThat(storage.stop().clean()).isTrue();

        long uncertain = faults.unknownOutcomeRows.get();
        assertThat(uncertain).as("rows of inserts cut short by the kill").isGreaterThan(0);
        assertThat(count("SELECT uniqExact(event_id) FROM DB.events")).isEqualTo(25_000);
        long rows = count("SELECT count() FROM DB.events");
        if (deduplicatesRetriedInserts()) {
            assertThat(rows).isEqualTo(25_000);
        } else {
            assertThat(rows).isBetween(25_000L, 25_000L + uncertain); // at-least-once: only what had no answer
        }
    }

    @Test
    void aServerDownAtTheStopGetsTheSpooledRowsAtTheNextStartNoneLostNoneDoubled() throws Exception {
        ServerProcess server = killable();
        StorageComponent storage = start(properties());
        assertThat(storage.events().offer(SampleRows.events("d", 0, 2_000))).isEqualTo(Admission.ACCEPTED);
        awaitCounters(storage, "events", c -> c.stored() == 2_000 && c.settled());

        server.kill();
        assertThat(storage.events().offer(SampleRows.events("d", 2_000, 3_000))).isEqualTo(Admission.ACCEPTED);
        assertThat(storage.alerts().offer(SampleRows.alerts("da", 0, 10))).isEqualTo(Admission.ACCEPTED);
        StopOutcome stop = storage.stop();

        assertThat(stop.clean()).as(stop.describe()).isTrue();
        TableCounters events = storage.counters().events();
        assertThat(events.balanced()).isTrue();
        assertThat(events.settled()).isTrue();
        assertThat(events.spooled()).isEqualTo(3_000);
        assertThat(storage.counters().alerts().spooled()).isEqualTo(10);

        server.restart();
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
        ServerProcess server = killable();
        // A cancel grace (a fifth) of 2 s: spooling what the writers hold fits it on a loaded machine.
        Duration stopTimeout = Duration.ofSeconds(10);
        StorageComponent storage = start(properties().toBuilder().stopTimeout(stopTimeout).build());
        assertThat(storage.events().offer(SampleRows.events("h", 0, 1_000))).isEqualTo(Admission.ACCEPTED);
        awaitCounters(storage, "events", c -> c.stored() == 1_000 && c.settled());

        server.pause();
        try {
            assertThat(storage.events().offer(SampleRows.events("h", 1_000, 3_000))).isEqualTo(Admission.ACCEPTED);
            await().atMost(Duration.ofSeconds(30)).until(() -> storage.counters().events().inFlight() > 0);
            StopOutcome stop = storage.stop();

            // The writers blocked in a socket read are cancelled at the drain deadline (their
            // virtual threads' sockets close on interrupt) and spool what they held.
            assertThat(stop.clean()).as(stop.describe()).isTrue();
            assertThat(stop.duration()).isLessThan(stopTimeout.plusSeconds(5));
            TableCounters events = storage.counters().events();
            assertThat(events.balanced()).isTrue();
            assertThat(events.settled()).isTrue();
            assertThat(events.stored() + events.spooled()).isEqualTo(4_000);
        } finally {
            server.resume();
        }

        StorageComponent next = start(properties());
        long spooled = storage.counters().events().spooled();
        awaitCounters(next, "events", c -> c.replayed() == spooled && c.spoolPending() == 0);
        next.stop();
        // A hung insert may still have been committed once the server woke, and its rows replayed from the spool.
        assertThat(count("SELECT uniqExact(event_id) FROM DB.events")).isEqualTo(4_000);
        long rows = count("SELECT count() FROM DB.events");
        if (deduplicatesRetriedInserts()) {
            assertThat(rows).isEqualTo(4_000);
        } else {
            assertThat(rows).isBetween(4_000L, 4_000L + faults.unknownOutcomeRows.get());
        }
    }

    @Test
    void aServerDownAtTheStartStillAcceptsAndWritesOnceItAnswers() throws Exception {
        ServerProcess server = killable();
        server.kill();
        StorageComponent storage = start(properties());
        assertThat(storage.health().schemaReady()).isFalse();
        assertThat(storage.events().offer(SampleRows.events("a", 0, 100))).isEqualTo(Admission.ACCEPTED);

        server.restart();
        awaitCounters(storage, "events", c -> c.settled() && c.stored() + c.spooled() == 100
                && c.replayed() == c.spooled() && c.spoolPending() == 0);
        assertThat(storage.health().schemaReady()).isTrue();
        assertThat(storage.health().healthy()).isTrue();
        storage.stop();

        assertThat(count("SELECT count() FROM DB.events")).isEqualTo(100);
    }

    @Test
    void aServerThatHangsAtTheStartDoesNotHoldTheStartForItsSocketTimeout() throws Exception {
        ServerProcess server = killable();
        StorageProperties properties = properties();
        StorageProperties.ClickHouse patient = new StorageProperties.ClickHouse(properties.clickhouse().url(),
                properties.clickhouse().username(), properties.clickhouse().password(), Duration.ofSeconds(2),
                Duration.ofMinutes(5), properties.clickhouse().insertFormat());
        StorageComponent storage = newStorage(properties.toBuilder().clickhouse(patient).build());
        server.pause();
        try {
            Thread starter = new Thread(storage::start, "test-starter");
            starter.start();
            // The start probes with a short timeout; waiting out the 5-minute socket timeout would fail here.
            await().atMost(Duration.ofSeconds(60)).until(() -> !starter.isAlive());
            assertThat(storage.isRunning()).isTrue();
            assertThat(storage.health().schemaReady()).isFalse();
        } finally {
            server.resume();
        }
        assertThat(storage.events().offer(SampleRows.events("s", 0, 10))).isEqualTo(Admission.ACCEPTED);
        awaitCounters(storage, "events", c -> c.settled() && c.stored() + c.replayed() == 10);
        assertThat(storage.health().schemaReady()).isTrue();
    }

    @Test
    void rowsSpooledOnceTheServerWasDownLongerThanGiveUpAfterAreReplayedDuringTheSameRun() throws Exception {
        ServerProcess server = killable();
        StorageComponent storage = start(properties().toBuilder()
                .retry(StoreContract.giveUpAfter(Duration.ofSeconds(1))).build());
        assertThat(storage.events().offer(SampleRows.events("g", 0, 1_000))).isEqualTo(Admission.ACCEPTED);
        awaitCounters(storage, "events", c -> c.stored() == 1_000 && c.settled());

        server.kill();
        offer(storage, "g", 1, 4);
        awaitCounters(storage, "events", c -> c.settled() && c.spooled() == 3_000);
        server.restart();

        awaitCounters(storage, "events", c -> c.replayed() == 3_000 && c.spoolPending() == 0);
        assertThat(storage.health().healthy()).isTrue();
        storage.stop();
        assertThat(count("SELECT count() FROM DB.events")).isEqualTo(4_000);
    }

    @Test
    void theServerIsProbedAgainOnceItAnswersAfterBeingUnreachable() throws Exception {
        ServerProcess server = killable();
        try (ClickHouseBackend backend = new ClickHouseBackend(properties().clickhouse(), database, 2)) {
            backend.migrate();
            ServerFeatures before = backend.features();

            server.kill();
            try {
                backend.insertEvents(SampleRows.events("p", 0, 1));
            } catch (BackendException down) {
                assertThat(down.kind()).isEqualTo(BackendException.Kind.TRANSIENT);
            }
            server.restart();
            backend.insertEvents(SampleRows.events("p", 1, 1));

            assertThat(backend.features()).isEqualTo(before).isNotSameAs(before); // asked again, same answer here
        }
    }

    @Test
    void rejectedRowsGoToTheLocalDeadLetterFileWhenTheDeadLettersTableCannotBeWritten() throws Exception {
        // JSONEachRow, so that the server itself rejects the value and names the row.
        StorageProperties json = properties();
        StorageComponent storage = start(json.toBuilder().clickhouse(
                json.clickhouse().withInsertFormat(StorageProperties.ClickHouse.InsertFormat.JSON_EACH_ROW)).build());
        http().query("DROP TABLE " + database + ".dead_letters");
        List<Event> batch = new ArrayList<>(SampleRows.events("l", 0, 20));
        batch.set(7, SampleRows.sparseEvent("bad-7", -5));

        assertThat(storage.events().offer(batch)).isEqualTo(Admission.ACCEPTED);
        TableCounters counters = awaitCounters(storage, "events", c -> c.settled() && c.stored() == 19);
        assertThat(counters.deadLettered()).isEqualTo(1);
        storage.stop();

        Path file = dataDir.resolve("dead-letters").resolve("events.jsonl");
        assertThat(Files.readAllLines(file)).singleElement().asString()
                .contains("\"row_id\":\"bad-7\"")
                .containsAnyOf("Unsigned type must not contain", "Cannot parse");
        assertThat(count("SELECT count() FROM DB.events")).isEqualTo(19);
    }

    @Test
    void aDroppedTableHasItsRowsSpooledAndReplayedOnceItIsCreatedAgain() throws Exception {
        StorageComponent storage = start(properties());
        String ddl = http().query("SHOW CREATE TABLE " + database + ".events FORMAT TabSeparatedRaw").strip();
        http().query("DROP TABLE " + database + ".events");

        assertThat(storage.events().offer(SampleRows.events("r", 0, 200))).isEqualTo(Admission.ACCEPTED);
        TableCounters refused = awaitCounters(storage, "events", c -> c.settled() && c.spooled() == 200);
        assertThat(refused.deadLettered() + refused.lost()).isZero();
        assertThat(storage.health().lastFailure()).contains("doesn't exist");

        http().query(ddl);
        awaitCounters(storage, "events", c -> c.replayed() == 200 && c.spoolPending() == 0);
        assertThat(storage.events().offer(SampleRows.events("r", 200, 50))).isEqualTo(Admission.ACCEPTED);
        awaitCounters(storage, "events", c -> c.stored() == 50 && c.settled());
        storage.stop();
        assertThat(count("SELECT count() FROM DB.events")).isEqualTo(250);
    }

    @Test
    void anInsertWhoseAnswerWasLostIsRetriedAndCountedOnceAndKeptOnceWhereTheServerDeduplicates() throws Exception {
        StorageComponent storage = start(properties());
        faults.loseAnswerOfNextEventInsert();

        assertThat(storage.events().offer(SampleRows.events("u", 0, 1_000))).isEqualTo(Admission.ACCEPTED);
        TableCounters done = awaitCounters(storage, "events", c -> c.settled() && c.stored() == 1_000);
        assertThat(done.spooled()).isZero();
        storage.stop();

        assertThat(count("SELECT uniqExact(event_id) FROM DB.events")).isEqualTo(1_000);
        long rows = count("SELECT count() FROM DB.events");
        if (deduplicatesRetriedInserts()) {
            assertThat(rows).isEqualTo(1_000);
        } else {
            assertThat(rows).isBetween(1_000L, 1_000L + faults.unknownOutcomeRows.get());
        }
    }
}
