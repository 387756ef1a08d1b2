package dev.keel.storage.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keel.storage.Event;
import dev.keel.storage.backend.BackendException;
import dev.keel.storage.testing.SampleRows;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RowDeliveryTest {

    @TempDir
    Path directory;

    private static boolean holds(List<Event> rows, Set<String> ids) {
        return rows.stream().anyMatch(e -> ids.contains(e.eventId()));
    }

    private static BackendException unknown() {
        return new BackendException(BackendException.Kind.UNKNOWN, "Code: 9999. strange (injected)", -1, "9999", null);
    }

    @Test
    void anUnknownErrorIsRetriedAFewTimesThenTheRowsAreIsolatedAndOnlyTheFailingOneDeadLettered() {
        Deliveries fakes = new Deliveries(directory);
        AtomicInteger inserts = new AtomicInteger();
        RowDelivery<Event> delivery = fakes.events(rows -> {
            inserts.incrementAndGet();
            if (holds(rows, Set.of("u-6"))) {
                throw unknown();
            }
        });
        PendingRows<Event> pending = new PendingRows<>(SampleRows.events("u", 0, 16));
        Deliveries.Counted counted = new Deliveries.Counted();

        RowDelivery.Result result = delivery.deliver(pending, RowDelivery.Mode.INTAKE, counted);

        assertThat(result).isEqualTo(RowDelivery.Result.DELIVERED);
        assertThat(counted.stored).isEqualTo(15);
        assertThat(fakes.deadLetterIds()).containsExactly("u-6");
        // 3 attempts of the whole batch, then halving: 16 -> 8 -> 4 -> 2 -> 1, two inserts a level.
        assertThat(inserts.get()).isLessThanOrEqualTo(RowDelivery.UNKNOWN_RETRIES + 2 * 4);
    }

    @Test
    void rowsTheClientFoundInvalidAreAllSetAsideAtOnceAndTheirDeadLettersWrittenInOneInsert() {
        Deliveries fakes = new Deliveries(directory);
        AtomicInteger inserts = new AtomicInteger();
        Set<String> bad = Set.of("c-3", "c-40", "c-77");
        RowDelivery<Event> delivery = fakes.events(rows -> {
            inserts.incrementAndGet();
            List<BackendException.InvalidRow> invalid = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                if (bad.contains(rows.get(i).eventId())) {
                    invalid.add(new BackendException.InvalidRow(i, rows.get(i).eventId() + ": timestamp < 0"));
                }
            }
            if (!invalid.isEmpty()) {
                throw BackendException.invalidRows("insert", invalid);
            }
        });
        Deliveries.Counted counted = new Deliveries.Counted();

        delivery.deliver(new PendingRows<>(SampleRows.events("c", 0, 100)), RowDelivery.Mode.INTAKE, counted);

        assertThat(inserts.get()).isEqualTo(2);
        assertThat(counted.stored).isEqualTo(97);
        assertThat(counted.deadLettered).isEqualTo(3);
        assertThat(fakes.letters).singleElement().satisfies(letters -> assertThat(letters).hasSize(3));
    }

    @Test
    void aRowTheDatabaseNamesIsDroppedAndTheRestSentAgainAsOneSlice() {
        Deliveries fakes = new Deliveries(directory);
        AtomicInteger inserts = new AtomicInteger();
        Set<String> bad = Set.of("n-10", "n-50", "n-90");
        RowDelivery<Event> delivery = fakes.events(rows -> {
            inserts.incrementAndGet();
            for (int i = 0; i < rows.size(); i++) {
                if (bad.contains(rows.get(i).eventId())) {
                    throw new BackendException(BackendException.Kind.INVALID_ROWS, "Cannot parse: (at row " + (i + 1)
                            + ")", i, "27", null);
                }
            }
        });
        Deliveries.Counted counted = new Deliveries.Counted();

        delivery.deliver(new PendingRows<>(SampleRows.events("n", 0, 100)), RowDelivery.Mode.INTAKE, counted);

        assertThat(inserts.get()).isEqualTo(4);
        assertThat(counted.stored).isEqualTo(97);
        assertThat(fakes.deadLetterIds()).containsExactlyInAnyOrder("n-10", "n-50", "n-90");
        assertThat(fakes.letters).hasSize(1);
    }

    @Test
    void theFirstRowsFailingAloneAlikeBeforeAnythingIsStoredAreTheTablesFaultNotTheRows() {
        Deliveries fakes = new Deliveries(directory);
        RowDelivery<Event> delivery = fakes.events(rows -> {
            throw new BackendException(BackendException.Kind.INVALID_ROWS, "Type mismatch (injected)", -1, "53", null);
        });
        PendingRows<Event> pending = new PendingRows<>(SampleRows.events("t", 0, 64));

        RowDelivery.Result result = delivery.deliver(pending, RowDelivery.Mode.INTAKE, new Deliveries.Counted());

        assertThat(result).isEqualTo(RowDelivery.Result.REFUSED);
        assertThat(pending.unresolved()).isEqualTo(SampleRows.events("t", 0, 64));
        assertThat(fakes.letters).isEmpty();
    }

    @Test
    void aGateShutLongerThanGiveUpAfterSendsABatchToTheSpoolWithoutWaitingItsOwnGiveUpAfter() {
        Deliveries fakes = new Deliveries(directory);
        fakes.gate = new WriteGate(); // shut: the schema is not ready
        AtomicInteger inserts = new AtomicInteger();
        RowDelivery<Event> delivery = fakes.events(rows -> inserts.incrementAndGet(), () -> {},
                Duration.ofMillis(100));
        await().atMost(Duration.ofSeconds(10)).until(() -> fakes.gate.closedFor().toMillis() > 100);
        fakes.stopChecks.set(0);

        RowDelivery.Result result = delivery.deliver(new PendingRows<>(SampleRows.events("g", 0, 5)),
                RowDelivery.Mode.INTAKE, new Deliveries.Counted());

        assertThat(result).isEqualTo(RowDelivery.Result.GAVE_UP);
        assertThat(inserts.get()).isZero();
        assertThat(fakes.stopChecks.get()).as("looks at the stop while waiting (none: it did not wait)")
                .isLessThanOrEqualTo(1);
    }

    @Test
    void aReplayGivesUpWhenTheDatabaseDoesNotAnswerAndSuspectsTheRowsWhenItDoes() {
        Deliveries fakes = new Deliveries(directory);
        AtomicInteger pings = new AtomicInteger();
        RowDelivery<Event> answering = fakes.events(rows -> {
            throw BackendException.transientFailure("Read timed out (injected)", null);
        }, pings::incrementAndGet, Duration.ofSeconds(10));
        RowDelivery<Event> silent = fakes.events(rows -> {
            throw BackendException.transientFailure("Read timed out (injected)", null);
        }, () -> {
            throw BackendException.transientFailure("Connection refused (injected)", null);
        }, Duration.ofSeconds(10));

        assertThat(silent.deliver(new PendingRows<>(SampleRows.events("r", 0, 4)), RowDelivery.Mode.REPLAY,
                new Deliveries.Counted())).isEqualTo(RowDelivery.Result.GAVE_UP);
        assertThat(fakes.health.isUp()).isFalse();
        assertThat(answering.deliver(new PendingRows<>(SampleRows.events("r", 0, 4)), RowDelivery.Mode.REPLAY,
                new Deliveries.Counted())).isEqualTo(RowDelivery.Result.SUSPECT);
        assertThat(pings.get()).isEqualTo(1);
    }

    @Test
    void anIsolatedReplayDeadLettersTheRowsThatFailAloneWhileTheDatabaseAnswers() {
        Deliveries fakes = new Deliveries(directory);
        RowDelivery<Event> delivery = fakes.events(rows -> {
            if (holds(rows, Set.of("i-2"))) {
                throw new IllegalStateException("encoder bug (injected)");
            }
            if (holds(rows, Set.of("i-5"))) {
                throw BackendException.transientFailure("Read timed out (injected)", null);
            }
        });
        Deliveries.Counted counted = new Deliveries.Counted();

        RowDelivery.Result result = delivery.deliver(new PendingRows<>(SampleRows.events("i", 0, 8)),
                RowDelivery.Mode.ISOLATE, counted);

        assertThat(result).isEqualTo(RowDelivery.Result.DELIVERED);
        assertThat(counted.stored).isEqualTo(6);
        assertThat(fakes.deadLetterIds()).containsExactlyInAnyOrder("i-2", "i-5");
    }
}
