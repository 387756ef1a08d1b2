package dev.keel.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.keel.lifecycle.Admission;
import dev.keel.lifecycle.LifecycleEnvironment;
import dev.keel.lifecycle.StopOutcome;
import dev.keel.lifecycle.WorkerRegistry;
import dev.keel.lifecycle.testing.LeakCheck;
import dev.keel.storage.testing.SampleRows;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every backend must do, written once and run against each: the embedded DuckDB file,
 * Debian's ClickHouse 18.16 and (with Docker) a current ClickHouse release. The database's
 * contents are checked through {@link Contents}, independently of the code under test.
 */
abstract class StoreContract {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    @TempDir
    Path dataDir;

    /** Each test writes to its own database, so tests sharing a server do not see each other's rows. */
    final String database = "keel_t" + Integer.toHexString(ThreadLocalRandom.current().nextInt() & 0x7fffffff);
    final AtomicReference<FaultyBackend> faults = new AtomicReference<>();
    private final List<StorageComponent> started = new ArrayList<>();

    /** The properties for this backend, writing to {@link #database} under {@code dataDir}. */
    abstract StorageProperties properties(Path dataDir, String database);

    /** Reads the database directly; called after the storage under test has stopped. */
    abstract Contents contents(String database) throws Exception;

    /** What the database holds, seen without the code under test. */
    interface Contents {
        long rows(String table) throws Exception;

        long distinctIds(String table) throws Exception;

        List<String> deadLetterIds(String table) throws Exception;

        List<Integer> schemaVersions() throws Exception;
    }

    StorageProperties properties() {
        return properties(dataDir, database);
    }

    StorageComponent start(StorageProperties properties) {
        StorageComponent storage = new StorageComponent(properties,
                new LifecycleEnvironment(WorkerRegistry.shared(), new SimpleMeterRegistry()),
                FaultyBackend.wrapping(StorageComponent.standardBackends(), faults));
        started.add(storage);
        storage.start();
        return storage;
    }

    @BeforeEach
    void noFaultsYet() {
        faults.set(null);
    }

    @AfterEach
    void stopEverything() {
        started.forEach(StorageComponent::stop);
    }

    /** Waits until the counters satisfy {@code done}, checking on every poll that they balance. */
    static TableCounters awaitCounters(StorageComponent storage, String table, Predicate<TableCounters> done) {
        AtomicReference<TableCounters> last = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
            StorageCounters counters = storage.counters();
            TableCounters current = table.equals("events") ? counters.events() : counters.alerts();
            last.set(current);
            assertThat(current.balanced()).as("balance of %s", current).isTrue();
            assertThat(done).as("awaited state of %s", current).accepts(current);
        });
        return last.get();
    }

    @Test
    void storesEventsAndAlertsAndReadsThemBackNewestFirst() throws Exception {
        StorageComponent storage = start(properties());

        assertThat(storage.events().offer(SampleRows.events("e", 0, 2_500))).isEqualTo(Admission.ACCEPTED);
        assertThat(storage.alerts().offer(SampleRows.alerts("a", 0, 30), Duration.ofSeconds(5)))
                .isEqualTo(Admission.ACCEPTED);

        TableCounters events = awaitCounters(storage, "events", c -> c.stored() == 2_500 && c.settled());
        TableCounters alerts = awaitCounters(storage, "alerts", c -> c.stored() == 30 && c.settled());
        assertThat(events.spooled() + events.deadLettered() + events.lost()).isZero();
        assertThat(alerts.accepted()).isEqualTo(30);

        List<Event> recent = storage.recentEvents(3);
        assertThat(recent).containsExactly(SampleRows.event("e", 2_499), SampleRows.event("e", 2_498),
                SampleRows.event("e", 2_497));
        assertThat(storage.recentAlerts(2)).containsExactly(SampleRows.alert("a", 29), SampleRows.alert("a", 28));
        assertThat(storage.recentEvents(StorageComponent.MAX_READ_LIMIT)).hasSize(StorageComponent.MAX_READ_LIMIT);
        assertThat(storage.health().healthy()).isTrue();

        assertThat(storage.stop().clean()).isTrue();
        Contents contents = contents(database);
        assertThat(contents.rows("events")).isEqualTo(2_500);
        assertThat(contents.rows("alerts")).isEqualTo(30);
    }

    @Test
    void keepsNullFieldsAndEmptyAttributesThroughTheRoundTrip() {
        StorageComponent storage = start(properties());
        Event sparse = SampleRows.sparseEvent("sparse-1", SampleRows.BASE_TIME);

        assertThat(storage.events().offer(List.of(sparse))).isEqualTo(Admission.ACCEPTED);
        awaitCounters(storage, "events", c -> c.stored() == 1);

        assertThat(storage.recentEvents(1)).containsExactly(sparse);
    }

    @Test
    void recordsTheSchemaVersionOnceAcrossRestarts() throws Exception {
        StorageComponent storage = start(properties());
        storage.stop();
        storage.start();
        assertThat(storage.events().offer(SampleRows.events("r", 0, 10))).isEqualTo(Admission.ACCEPTED);
        awaitCounters(storage, "events", c -> c.stored() == 10);
        storage.stop();

        assertThat(contents(database).schemaVersions()).containsExactly(1);
    }

    @Test
    void aRowWithABadValueIsDeadLetteredWhileTheRestOfItsBatchIsStored() throws Exception {
        StorageComponent storage = start(properties());
        List<Event> batch = new ArrayList<>(SampleRows.events("b", 0, 1_000));
        Event bad = SampleRows.sparseEvent("bad-537", -1); // epoch ms before 1970: the schema refuses it
        batch.set(537, bad);
        List<Alert> alerts = new ArrayList<>(SampleRows.alerts("al", 0, 5));
        Alert badLevel = new Alert("bad-alert", "rule-1", "title", "severe", SampleRows.BASE_TIME, "", List.of(), "x");
        alerts.set(2, badLevel);

        assertThat(storage.events().offer(batch)).isEqualTo(Admission.ACCEPTED);
        assertThat(storage.alerts().offer(alerts)).isEqualTo(Admission.ACCEPTED);

        TableCounters events = awaitCounters(storage, "events", c -> c.settled() && c.stored() + c.deadLettered() == 1_000);
        TableCounters alertCounters = awaitCounters(storage, "alerts", c -> c.settled() && c.stored() + c.deadLettered() == 5);
        assertThat(events.deadLettered()).isEqualTo(1);
        assertThat(events.stored()).isEqualTo(999);
        assertThat(alertCounters.deadLettered()).isEqualTo(1);
        assertThat(alertCounters.stored()).isEqualTo(4);
        storage.stop();

        Contents contents = contents(database);
        assertThat(contents.rows("events")).isEqualTo(999);
        assertThat(contents.rows("alerts")).isEqualTo(4);
        assertThat(contents.deadLetterIds("events")).containsExactly("bad-537");
        assertThat(contents.deadLetterIds("alerts")).containsExactly("bad-alert");
    }

    @Test
    void anEventWhoseAttributesCannotBeWrittenAsJsonIsDeadLetteredAndTheRestStored() throws Exception {
        StorageComponent storage = start(properties());
        List<Event> batch = new ArrayList<>(SampleRows.events("j", 0, 50));
        batch.set(20, new Event("unwritable-20", SampleRows.BASE_TIME, SampleRows.BASE_TIME, "http", null, null, null,
                null, null, null, java.util.Map.of("value", new Unwritable("x"))));

        assertThat(storage.events().offer(batch)).isEqualTo(Admission.ACCEPTED);
        awaitCounters(storage, "events", c -> c.settled() && c.stored() == 49 && c.deadLettered() == 1);
        storage.stop();

        assertThat(contents(database).deadLetterIds("events")).containsExactly("unwritable-20");
        assertThat(contents(database).rows("events")).isEqualTo(49);
    }

    /** An attribute value Jackson cannot serialize. */
    public record Unwritable(String value) {
        @Override
        public String value() {
            throw new IllegalStateException("not serializable");
        }
    }

    @Test
    void aWriterThatThrowsIsRecoveredAndItsBatchIsNotLost() throws Exception {
        StorageComponent storage = start(properties());
        faults.get().throwOnNextEventInsert(new IllegalStateException("injected writer bug"));

        assertThat(storage.events().offer(SampleRows.events("w", 0, 500))).isEqualTo(Admission.ACCEPTED);

        // The failed batch is spooled by the rescue and written by the replayer; the worker restarts.
        awaitCounters(storage, "events", c -> c.settled() && c.spooled() == 500 && c.replayed() == 500
                && c.spoolPending() == 0);
        assertThat(storage.environment().meters().counter("keel.workers.restarts", "component", "storage",
                "worker", "event-writer").count()).isGreaterThanOrEqualTo(1);
        assertThat(storage.events().offer(SampleRows.events("w", 500, 100))).isEqualTo(Admission.ACCEPTED);
        awaitCounters(storage, "events", c -> c.stored() == 100 && c.settled());
        storage.stop();

        Contents contents = contents(database);
        assertThat(contents.rows("events")).isEqualTo(600);
        assertThat(contents.distinctIds("events")).isEqualTo(600);
    }

    @Test
    void rowsTheSinkCannotTakeBeforeTheStopAreSpooledAndReplayedOnceAtTheNextStart() throws Exception {
        StorageComponent storage = start(properties());
        assertThat(storage.events().offer(SampleRows.events("s", 0, 300))).isEqualTo(Admission.ACCEPTED);
        awaitCounters(storage, "events", c -> c.stored() == 300 && c.settled());

        faults.get().goDown();
        assertThat(storage.events().offer(SampleRows.events("s", 300, 700))).isEqualTo(Admission.ACCEPTED);
        assertThat(storage.alerts().offer(SampleRows.alerts("sa", 0, 7))).isEqualTo(Admission.ACCEPTED);
        StopOutcome stop = storage.stop();

        assertThat(stop.clean()).as(stop.describe()).isTrue();
        TableCounters afterStop = storage.counters().events();
        assertThat(afterStop).satisfies(c -> {
            assertThat(c.balanced()).isTrue();
            assertThat(c.settled()).isTrue();
            assertThat(c.stored()).isEqualTo(300);
            assertThat(c.spooled()).isEqualTo(700);
            assertThat(c.spoolPending()).isEqualTo(700);
        });
        assertThat(storage.counters().alerts().spooled()).isEqualTo(7);

        faults.get().comeBack();
        StorageComponent next = start(properties());
        awaitCounters(next, "events", c -> c.replayed() == 700 && c.spoolPending() == 0);
        awaitCounters(next, "alerts", c -> c.replayed() == 7 && c.spoolPending() == 0);
        assertThat(next.counters().events().accepted()).isZero();
        assertThat(next.events().offer(SampleRows.events("s", 1_000, 50))).isEqualTo(Admission.ACCEPTED);
        awaitCounters(next, "events", c -> c.stored() == 50 && c.settled());
        next.stop();

        Contents contents = contents(database);
        assertThat(contents.rows("events")).isEqualTo(1_050);
        assertThat(contents.distinctIds("events")).isEqualTo(1_050);
        assertThat(contents.rows("alerts")).isEqualTo(7);
    }

    @Test
    void readsTakeABoundedLimitAndNeedARunningStorage() {
        StorageComponent storage = start(properties());

        assertThatThrownBy(() -> storage.recentEvents(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit must be 1..1000");
        assertThatThrownBy(() -> storage.recentAlerts(StorageComponent.MAX_READ_LIMIT + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(storage.recentEvents(5)).isEmpty();

        storage.stop();
        assertThatThrownBy(() -> storage.recentEvents(5)).isInstanceOf(StorageUnavailableException.class)
                .hasMessageContaining("not running");
    }

    @Test
    void offersAreClosedBeforeTheStartAndAfterTheStop() throws Exception {
        StorageComponent storage = new StorageComponent(properties(),
                new LifecycleEnvironment(WorkerRegistry.shared(), new SimpleMeterRegistry()));
        started.add(storage);

        assertThat(storage.events().offer(SampleRows.events("c", 0, 1))).isEqualTo(Admission.CLOSED);
        storage.start();
        assertThat(storage.events().offer(SampleRows.events("c", 0, 1), Duration.ofSeconds(1)))
                .isEqualTo(Admission.ACCEPTED);
        storage.stop();
        assertThat(storage.events().offer(SampleRows.events("c", 1, 1))).isEqualTo(Admission.CLOSED);
        assertThat(storage.alerts().offer(SampleRows.alerts("c", 0, 1), Duration.ofSeconds(1)))
                .isEqualTo(Admission.CLOSED);
        assertThat(storage.counters().events().accepted()).isEqualTo(1);
        assertThat(storage.counters().events().stored()).isEqualTo(1);
    }
}
