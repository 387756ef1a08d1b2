package dev.keel.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.keel.lifecycle.Admission;
import dev.keel.lifecycle.ComponentStartException;
import dev.keel.lifecycle.LifecycleEnvironment;
import dev.keel.lifecycle.StopOutcome;
import dev.keel.lifecycle.WorkerRegistry;
import dev.keel.lifecycle.testing.LeakCheck;
import dev.keel.storage.backend.BackendException;
import dev.keel.storage.testing.SampleRows;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/**
 * What every backend must do, written once and run against each: the embedded DuckDB file,
 * Debian's ClickHouse 18.16 (RowBinary and JSONEachRow inserts) and (with Docker) a current
 * ClickHouse release. The database's contents are checked through {@link Contents},
 * independently of the code under test; faults are injected by {@link FaultyBackend}.
 */
abstract class StoreContract {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    @TempDir
    Path dataDir;

    /** Each test writes to its own database, so tests sharing a server do not see each other's rows. */
    final String database = "keel_t" + Integer.toHexString(ThreadLocalRandom.current().nextInt() & 0x7fffffff);
    final FaultyBackend.Plan faults = new FaultyBackend.Plan();
    private final List<StorageComponent> started = new ArrayList<>();

    /** The properties for this backend, writing to {@link #database} under {@code dataDir}. */
    abstract StorageProperties properties(Path dataDir, String database);

    /** Reads the database directly; called after the storage under test has stopped. */
    abstract Contents contents(String database) throws Exception;

    /** Whether an insert that committed and is then sent again is kept once in a plain count of the table. */
    abstract boolean deduplicatesRetriedInserts();

    /** The schema versions this backend records. */
    abstract List<Integer> expectedSchemaVersions();

    /** The most event inserts it takes to store a batch of {@code rows} with {@code bad} invalid rows among them. */
    abstract int mostEventInsertsFor(int rows, int bad);

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

    StoragePropertiesBuilder configure() {
        return properties().toBuilder();
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

    @AfterEach
    void stopEverything() {
        faults.releaseInserts();
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

    static StorageProperties.Retry giveUpAfter(Duration giveUp) {
        return new StorageProperties.Retry(Duration.ofMillis(20), Duration.ofMillis(200), giveUp);
    }

    /** Runs a storage with the sink down, offers {@code batch}, and stops it: the batch is one spool segment. */
    void spoolWithTheSinkDown(StorageProperties properties, List<Event> batch) {
        faults.goDown();
        StorageComponent first = start(properties);
        assertThat(first.events().offer(batch)).isEqualTo(Admission.ACCEPTED);
        StopOutcome stop = first.stop();
        assertThat(stop.clean()).as(stop.describe()).isTrue();
        assertThat(first.counters().events().spooled()).isEqualTo(batch.size());
        faults.comeBack();
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
    void readsEventsByIdEachOnceWhateverTheIdHolds() {
        StorageComponent storage = start(properties());
        String hostile = "x') OR 1=1 -- \\' \"é\u0000🙂";
        Event odd = SampleRows.sparseEvent(hostile, SampleRows.BASE_TIME + 50);
        List<Event> batch = new ArrayList<>(SampleRows.events("e", 0, 20));
        batch.add(odd);
        assertThat(storage.events().offer(batch)).isEqualTo(Admission.ACCEPTED);
        // Stored twice: a replay after a crash does that, and a read shows it once.
        assertThat(storage.events().offer(List.of(SampleRows.event("e", 3)))).isEqualTo(Admission.ACCEPTED);
        awaitCounters(storage, "events", c -> c.stored() == 22 && c.settled());

        assertThat(storage.eventsById(List.of("e-3", hostile, "e-17", "never-stored", "e-3")))
                .containsExactly(odd, SampleRows.event("e", 17), SampleRows.event("e", 3));
        assertThat(storage.eventsById(List.of("x') OR 1=1 -- "))).isEmpty();
        assertThatThrownBy(() -> storage.eventsById(List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("ids must name 1..1000 events, named 0");
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

        assertThat(contents(database).schemaVersions()).containsExactlyElementsOf(expectedSchemaVersions());
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
    void badRowsCostAFewInsertsAndTheirDeadLettersOneInsert() throws Exception {
        StorageComponent storage = start(properties());
        List<Event> batch = new ArrayList<>(SampleRows.events("c", 0, 1_000));
        for (int at : List.of(100, 300, 500, 700, 900)) {
            batch.set(at, SampleRows.sparseEvent("bad-" + at, -at));
        }

        assertThat(storage.events().offer(batch)).isEqualTo(Admission.ACCEPTED);
        awaitCounters(storage, "events", c -> c.settled() && c.stored() == 995 && c.deadLettered() == 5);
        storage.stop();

        assertThat(faults.deadLetterInserts.get()).as("dead-letter inserts").isEqualTo(1);
        assertThat(faults.eventInserts.get()).as("event inserts").isLessThanOrEqualTo(mostEventInsertsFor(1_000, 5));
        assertThat(contents(database).deadLetterIds("events"))
                .containsExactly("bad-100", "bad-300", "bad-500", "bad-700", "bad-900");
        assertThat(contents(database).rows("events")).isEqualTo(995);
    }

    @Test
    void rowsThatAllFailAloneWithTheSameErrorAreSpooledNotDeadLetteredOneByOne() throws Exception {
        // A column altered under us: every row fails with the same type error, whatever its values.
        faults.failEventInserts(rows -> new BackendException(BackendException.Kind.INVALID_ROWS,
                "Code: 53. DB::Exception: Type mismatch in column timestamp (injected)", -1, "53", null));
        // A slow replayer, so that the column is fixed before its replays of the segment could isolate rows.
        StorageComponent storage = start(configure().spool(properties().spool().withReplayInterval(Duration.ofSeconds(2)))
                .build());

        assertThat(storage.events().offer(SampleRows.events("m", 0, 100))).isEqualTo(Admission.ACCEPTED);
        TableCounters spooled = awaitCounters(storage, "events", c -> c.settled() && c.spooled() == 100);
        assertThat(spooled.deadLettered()).isZero();
        assertThat(faults.eventInserts.get()).as("inserts before giving up").isLessThan(20);

        faults.failEventInserts(null); // the column is fixed
        awaitCounters(storage, "events", c -> c.replayed() == 100 && c.spoolPending() == 0);
        storage.stop();
        assertThat(contents(database).rows("events")).isEqualTo(100);
        assertThat(contents(database).deadLetterIds("events")).isEmpty();
    }

    @Test
    void anEventWhoseAttributesCannotBeWrittenAsJsonIsDeadLetteredAndTheRestStored() throws Exception {
        StorageComponent storage = start(properties());
        List<Event> batch = new ArrayList<>(SampleRows.events("j", 0, 50));
        batch.set(20, new Event("unwritable-20", SampleRows.BASE_TIME, SampleRows.BASE_TIME, "http", null, null, null,
                null, null, null, Map.of("value", new Unwritable("x"))));

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
        faults.throwBeforeNextEventInsert(new IllegalStateException("injected writer bug"));

        assertThat(storage.events().offer(SampleRows.events("w", 0, 500))).isEqualTo(Admission.ACCEPTED);

        // The failed batch is spooled by the rescue and written by the replayer; the worker restarts.
        awaitCounters(storage, "events", c -> c.settled() && c.spooled() == 500 && c.replayed() == 500
                && c.spoolPending() == 0);
        // The restart is counted once its backoff has passed, which may be after the replay.
        await().atMost(Duration.ofSeconds(30)).until(() -> storage.environment().meters().counter(
                "keel.workers.restarts", "component", "storage", "worker", "event-writer").count() >= 1);
        assertThat(storage.events().offer(SampleRows.events("w", 500, 100))).isEqualTo(Admission.ACCEPTED);
        awaitCounters(storage, "events", c -> c.stored() == 100 && c.settled());
        storage.stop();

        Contents contents = contents(database);
        assertThat(contents.rows("events")).isEqualTo(600);
        assertThat(contents.distinctIds("events")).isEqualTo(600);
    }

    @Test
    void aWriterThatThrowsAfterItsInsertCommittedLosesNothingAndDoublesOnlyWhereTheTableCannotTell() throws Exception {
        StorageComponent storage = start(properties());
        faults.throwAfterNextEventInsert(new IllegalStateException("injected writer bug after the commit"));

        assertThat(storage.events().offer(SampleRows.events("t", 0, 500))).isEqualTo(Admission.ACCEPTED);

        // The writer cannot know the insert committed: the rescue spools the batch and the replayer writes it again.
        awaitCounters(storage, "events", c -> c.settled() && c.spooled() == 500 && c.replayed() == 500
                && c.spoolPending() == 0);
        assertThat(storage.events().offer(SampleRows.events("t", 500, 100))).isEqualTo(Admission.ACCEPTED);
        awaitCounters(storage, "events", c -> c.stored() == 100 && c.settled());
        storage.stop();

        Contents contents = contents(database);
        assertThat(contents.distinctIds("events")).isEqualTo(600);
        if (deduplicatesRetriedInserts()) {
            assertThat(contents.rows("events")).isEqualTo(600);
        } else {
            assertThat(contents.rows("events")).isBetween(600L, 600L + 500); // at-least-once: reads de-duplicate
        }
    }

    @Test
    void rowsTheSinkCannotTakeBeforeTheStopAreSpooledAndReplayedOnceAtTheNextStart() throws Exception {
        StorageComponent storage = start(properties());
        assertThat(storage.events().offer(SampleRows.events("s", 0, 300))).isEqualTo(Admission.ACCEPTED);
        awaitCounters(storage, "events", c -> c.stored() == 300 && c.settled());

        faults.goDown();
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

        faults.comeBack();
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
    void theSpoolOfAnEarlierRunIsWrittenBeforeAnyNewRow() throws Exception {
        spoolWithTheSinkDown(properties(), SampleRows.events("old", 0, 300));

        faults.slowInsertsOf("old-", Duration.ofMillis(500)); // the replay of the old rows takes a while
        StorageComponent next = start(configure().flushInterval(Duration.ofMillis(5)).build());
        assertThat(next.events().offer(SampleRows.events("new", 0, 200))).isEqualTo(Admission.ACCEPTED);
        awaitCounters(next, "events", c -> c.replayed() == 300 && c.stored() == 200 && c.settled());

        List<String> order = List.copyOf(faults.insertedEventIds);
        assertThat(order).hasSize(500);
        assertThat(order.subList(0, 300)).allMatch(id -> id.startsWith("old-"));
        assertThat(order.subList(300, 500)).allMatch(id -> id.startsWith("new-"));
    }

    @Test
    void aDatabaseDownAtTheStartHasEveryBatchSpooledAtOnceOnceGiveUpAfterHasPassed() {
        faults.goDown();
        StorageComponent storage = start(configure().retry(giveUpAfter(Duration.ofSeconds(1))).writers(1, 1)
                .queue(1_000, 100, 100).flushInterval(Duration.ofMillis(5)).build());

        // Each batch waiting out its own give-up-after would take 100 x 1 s; the gate's one clock lets them
        // through in about a second. The deadline lies far from both, so machine speed cannot decide.
        AtomicInteger offered = new AtomicInteger();
        await().atMost(Duration.ofSeconds(50)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10)).until(() -> {
            while (offered.get() < 100
                    && storage.events().offer(SampleRows.events("z", offered.get() * 100, 100)) == Admission.ACCEPTED) {
                offered.incrementAndGet();
            }
            return offered.get() == 100 && storage.counters().events().spooled() == 10_000;
        });

        TableCounters counters = awaitCounters(storage, "events", c -> c.settled() && c.spooled() == 10_000);
        assertThat(counters.accepted()).isEqualTo(10_000);
        assertThat(storage.health().writing()).isFalse();
        assertThat(faults.eventInserts.get()).as("inserts tried while the gate was shut").isZero();
    }

    @Test
    void aSpoolSegmentThatFailsWhileTheDatabaseAnswersHoldsBackNeitherTheRestNorNewRows() throws Exception {
        spoolWithTheSinkDown(properties(), SampleRows.events("p", 0, 100)); // the older segment fails
        spoolWithTheSinkDown(properties(), SampleRows.events("q", 0, 100));
        // The segment's first replay fails at once; later ones (that lead to isolation) wait until the
        // test has seen the new rows stored, so "while it still waits" cannot depend on timing.
        CountDownLatch newRowsSeen = new CountDownLatch(1);
        AtomicInteger failingReplays = new AtomicInteger();
        faults.failEventInserts(rows -> {
            if (rows.stream().noneMatch(e -> e.eventId().equals("p-50"))) {
                return null;
            }
            if (failingReplays.incrementAndGet() > 1) {
                awaitQuietly(newRowsSeen);
            }
            return new BackendException(BackendException.Kind.UNKNOWN, "Code: 9999. DB::Exception: strange (injected)",
                    -1, "9999", null);
        });

        StorageComponent next = start(properties());
        TableCounters early;
        try {
            assertThat(next.events().offer(SampleRows.events("n", 0, 50))).isEqualTo(Admission.ACCEPTED);
            // The quarantined segment lets the gate open: new rows are written while it still waits.
            early = awaitCounters(next, "events", c -> c.stored() == 50);
        } finally {
            newRowsSeen.countDown();
        }
        assertThat(early.replayed()).isEqualTo(100);
        assertThat(early.spoolPending()).isEqualTo(100);
        // Isolated after a few passes, only its failing row is dead-lettered.
        TableCounters done = awaitCounters(next, "events", c -> c.stored() == 50 && c.replayed() == 199
                && c.replayDeadLettered() == 1 && c.spoolPending() == 0 && c.settled());
        assertThat(done.lost()).isZero();
        next.stop();
        assertThat(contents(database).rows("events")).isEqualTo(249);
        assertThat(contents(database).deadLetterIds("events")).containsExactly("p-50");
    }

    @Test
    void aReplayedRowThatBreaksTheEncoderIsDeadLetteredOnceItsSegmentIsIsolated() throws Exception {
        spoolWithTheSinkDown(properties(), SampleRows.events("x", 0, 40));
        faults.failEventInserts(rows -> rows.stream().anyMatch(e -> e.eventId().equals("x-7"))
                ? new IllegalStateException("encoder bug (injected)") : null);

        StorageComponent next = start(properties());

        awaitCounters(next, "events", c -> c.replayed() == 39 && c.replayDeadLettered() == 1 && c.spoolPending() == 0);
        assertThat(next.health().writing()).isTrue();
        next.stop();
        assertThat(contents(database).deadLetterIds("events")).containsExactly("x-7");
        assertThat(contents(database).rows("events")).isEqualTo(39);
    }

    @Test
    void aReplayDeadLettersTheBadRowsOfASegmentAndWritesTheRest() throws Exception {
        List<Event> batch = new ArrayList<>(SampleRows.events("v", 0, 100));
        batch.set(37, SampleRows.sparseEvent("bad-37", -37));
        spoolWithTheSinkDown(properties(), batch);

        StorageComponent next = start(properties());

        awaitCounters(next, "events", c -> c.replayed() == 99 && c.replayDeadLettered() == 1 && c.spoolPending() == 0);
        next.stop();
        assertThat(contents(database).deadLetterIds("events")).containsExactly("bad-37");
        assertThat(contents(database).rows("events")).isEqualTo(99);
    }

    @Test
    void aReplayThatFailsPartWayKeepsOnlyTheRowsStillToWrite() throws Exception {
        spoolWithTheSinkDown(configure().queue(1_000, 300, 300).flushInterval(Duration.ofMillis(5)).build(),
                SampleRows.events("y", 0, 300));
        faults.failEventInserts(rows -> {
            if (rows.stream().noneMatch(e -> e.eventId().equals("y-150"))) {
                return null;
            }
            faults.goDown(); // the database goes away in the middle of the replay
            return BackendException.transientFailure("Connection refused (injected)", null);
        });

        // Chunks of 100: the first is written, the second fails, the segment is rewritten with the 200 left.
        StorageComponent next = start(configure().queue(1_000, 100, 100).build());
        awaitCounters(next, "events", c -> c.replayed() == 100 && c.spoolPending() == 200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(spoolFiles("events"))
                .singleElement().asString().endsWith(".r.seg"));

        faults.failEventInserts(null);
        faults.comeBack();
        awaitCounters(next, "events", c -> c.replayed() == 300 && c.spoolPending() == 0);
        next.stop();
        assertThat(contents(database).rows("events")).isEqualTo(300);
        assertThat(spoolFiles("events")).isEmpty();
    }

    @Test
    void aFullSpoolMakesWritersHoldTheirBatchesSoOffersAreRefusedUntilTheSinkTakesRowsAgain() throws Exception {
        faults.goDown();
        StorageProperties limited = configure().retry(giveUpAfter(Duration.ofMillis(200))).writers(1, 1)
                .queue(500, 100, 100).flushInterval(Duration.ofMillis(5))
                .spool(properties().spool().withMaxBytes(DataSize.ofKilobytes(64))).build();
        StorageComponent storage = start(limited);
        assertThat(storage.events().offer(SampleRows.events("f", 0, 100))).isEqualTo(Admission.ACCEPTED);
        awaitCounters(storage, "events", c -> c.spooled() == 100); // ~100 KB: over the limit from now on

        AtomicInteger offered = new AtomicInteger(1);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            Admission admission = storage.events().offer(SampleRows.events("f", offered.get() * 100, 100));
            if (admission == Admission.ACCEPTED) {
                offered.incrementAndGet();
            }
            return admission == Admission.FULL;
        });
        TableCounters full = storage.counters().events();
        assertThat(full.spooled()).as("rows spooled before the limit held the writer").isEqualTo(100);
        assertThat(full.queued()).isGreaterThan(0);

        faults.comeBack();
        int total = offered.get() * 100;
        TableCounters done = awaitCounters(storage, "events", c -> c.settled() && c.stored() + c.spooled() == total
                && c.replayed() == c.spooled() && c.spoolPending() == 0);
        assertThat(done.lost() + done.deadLettered()).isZero();
        storage.stop();
        assertThat(contents(database).rows("events")).isEqualTo(total);
    }

    @Test
    void aSecondStorageOnTheSameSpoolIsRefusedWithTheDirectoryNamed() {
        StorageComponent first = start(properties());
        StorageComponent second = newStorage(properties());

        assertThatThrownBy(second::start).isInstanceOf(ComponentStartException.class)
                .rootCause().hasMessageContaining(properties().spoolDirectory().toAbsolutePath().toString())
                .hasMessageContaining("in use");
        assertThat(first.events().offer(SampleRows.events("l", 0, 10))).isEqualTo(Admission.ACCEPTED);
        awaitCounters(first, "events", c -> c.stored() == 10);
        first.stop();
        second.start(); // free again once the first has stopped
        assertThat(second.isRunning()).isTrue();
    }

    @Test
    void aFileInTheSpoolThatIsNotASegmentIsSetAsideAndTheStartGoesOn() throws Exception {
        Path events = properties().spoolDirectory().resolve("events");
        Files.createDirectories(events);
        Files.writeString(events.resolve("0000000000001-000000001-abcdef.seg"), "not a segment");

        StorageComponent storage = start(properties());
        assertThat(storage.events().offer(SampleRows.events("g", 0, 10))).isEqualTo(Admission.ACCEPTED);
        awaitCounters(storage, "events", c -> c.stored() == 10);

        assertThat(events.resolve("0000000000001-000000001-abcdef.seg.bad")).exists();
        assertThat(storage.health().writing()).isTrue();
        @SuppressWarnings("unchecked")
        Map<String, Object> table = (Map<String, Object>) storage.describe().details().get("events");
        assertThat(table).containsEntry("spool_bad_files", 1);
    }

    @Test
    void aRowDatedFarAheadDoesNotSitOnTopOfTheRecentReads() {
        StorageComponent storage = start(properties());
        Event future = SampleRows.sparseEvent("future", System.currentTimeMillis() + Duration.ofDays(365).toMillis());
        List<Event> batch = new ArrayList<>(SampleRows.events("k", 0, 20));
        batch.add(future);

        assertThat(storage.events().offer(batch)).isEqualTo(Admission.ACCEPTED);
        awaitCounters(storage, "events", c -> c.stored() == 21);

        assertThat(storage.recentEvents(3)).containsExactly(SampleRows.event("k", 19), SampleRows.event("k", 18),
                SampleRows.event("k", 17));
    }

    @Test
    void theDetailsShowCountersPerTableTheSinkTheSchemaAndTheSpool() {
        StorageComponent storage = start(properties());
        assertThat(storage.events().offer(SampleRows.events("d", 0, 10))).isEqualTo(Admission.ACCEPTED);
        awaitCounters(storage, "events", c -> c.stored() == 10 && c.settled());

        Map<String, Object> details = storage.describe().details();

        assertThat(details).containsEntry("sink", "up").containsEntry("schema_ready", true)
                .containsEntry("writing", true).containsEntry("spool_pending_rows", 0L)
                .containsKeys("backend", "events", "alerts");
        assertThat(details.get("events")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("accepted", 10L).containsEntry("stored", 10L).containsEntry("in_flight", 0L)
                .containsKeys("spooled", "dead_lettered", "lost", "queued", "replayed", "spool_pending");
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
        StorageComponent storage = newStorage(properties());

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

    /** Waits (bounded) for {@code latch} inside an insert; an interrupt (a cancelled writer) ends the wait. */
    static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    List<String> spoolFiles(String table) throws Exception {
        try (Stream<Path> files = Files.list(properties().spoolDirectory().resolve(table))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".seg")).sorted().toList();
        }
    }
}
