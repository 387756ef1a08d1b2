package dev.keel.storage.writer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.lifecycle.Admission;
import dev.keel.lifecycle.WorkQueue;
import dev.keel.storage.TableCounters;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableLedgerTest {

    private final TableLedger ledger = new TableLedger("events");
    private final WorkQueue<String> queue = new WorkQueue<>("events", 4);

    @Test
    void everyMoveKeepsTheBalance() {
        assertThat(ledger.offer(queue, List.of("a", "b", "c"))).isEqualTo(Admission.ACCEPTED);
        ledger.taken(3);
        ledger.stored(1);
        ledger.spooled(1);
        ledger.deadLettered(1);

        TableCounters counters = ledger.snapshot();
        assertThat(counters.balanced()).isTrue();
        assertThat(counters.settled()).isTrue();
        assertThat(counters).extracting(TableCounters::accepted, TableCounters::stored, TableCounters::spooled,
                TableCounters::deadLettered, TableCounters::spoolPending).containsExactly(3L, 1L, 1L, 1L, 1L);
    }

    @Test
    void anOfferThatDoesNotFitIsFullAndCountsNothing() {
        ledger.offer(queue, List.of("a", "b", "c"));

        assertThat(ledger.offer(queue, List.of("d", "e"))).isEqualTo(Admission.FULL);
        assertThat(ledger.snapshot().accepted()).isEqualTo(3);
        assertThat(ledger.snapshot().queued()).isEqualTo(3);
    }

    @Test
    void aWaitingOfferIsAdmittedWhenAWriterMakesRoom() throws Exception {
        ledger.offer(queue, List.of("a", "b", "c", "d"));
        queue.takeBatch(2, Duration.ZERO);
        ledger.taken(2);

        assertThat(ledger.offer(queue, List.of("e", "f"), Duration.ofSeconds(5))).isEqualTo(Admission.ACCEPTED);
        assertThat(ledger.offer(queue, List.of("g"), Duration.ofMillis(50))).isEqualTo(Admission.FULL);
    }

    @Test
    void aClosedQueueOrNoneAtAllIsClosed() throws Exception {
        assertThat(ledger.offer(null, List.of("a"))).isEqualTo(Admission.CLOSED);
        queue.close();
        assertThat(ledger.offer(queue, List.of("a"), Duration.ofSeconds(1))).isEqualTo(Admission.CLOSED);
        assertThat(ledger.snapshot().accepted()).isZero();
    }

    @Test
    void replaysMoveRowsOutOfTheSpoolWithoutTouchingTheIntakeBalance() {
        ledger.spoolFound(10);
        ledger.replayed(7, 2, 1);

        TableCounters counters = ledger.snapshot();
        assertThat(counters.replayed()).isEqualTo(7);
        assertThat(counters.replayDeadLettered()).isEqualTo(2);
        assertThat(counters.spoolPending()).isZero();
        assertThat(counters.balanced()).isTrue();
    }
}
