package dev.keel.storage.writer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.storage.Event;
import dev.keel.storage.backend.BackendException;
import dev.keel.storage.codec.EventCodec;
import dev.keel.storage.spool.Spool;
import dev.keel.storage.spool.SpoolSpace;
import dev.keel.storage.testing.SampleRows;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableReplayTest {

    @TempDir
    Path directory;

    private Spool<Event> spool() throws Exception {
        return Spool.open(directory.resolve("spool"), EventCodec.INSTANCE, new SpoolSpace(Long.MAX_VALUE));
    }

    @Test
    void progressIsRecordedAfterEachChunkSoARestartDoesNotWriteAChunkTwice() throws Exception {
        Spool<Event> spool = spool();
        spool.append(SampleRows.events("p", 0, 300));
        Deliveries fakes = new Deliveries(directory.resolve("dead-letters"));
        List<List<String>> inserted = new ArrayList<>();
        AtomicReference<List<Event>> seenAfterACrash = new AtomicReference<>();
        RowDelivery<Event> delivery = fakes.events(rows -> {
            inserted.add(rows.stream().map(Event::eventId).toList());
            if (inserted.size() == 3) {
                // The process dies right here: what would a restart find in the spool?
                try {
                    Spool<Event> restarted = spool();
                    seenAfterACrash.set(restarted.read(restarted.segments().getFirst()).rows());
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
        });
        TableLedger ledger = new TableLedger("events");
        TableReplay<Event> replay = new TableReplay<>(spool, delivery, fakes.deadLetters, ledger, 100);

        assertThat(replay.replay(() -> false)).isTrue();

        assertThat(inserted).hasSize(3);
        assertThat(seenAfterACrash.get()).isEqualTo(SampleRows.events("p", 200, 100));
        assertThat(spool.segments()).isEmpty();
        assertThat(ledger.snapshot().replayed()).isEqualTo(300);
        assertThat(ledger.snapshot().spoolPending()).isZero();
    }

    @Test
    void aSegmentFailingWhileTheDatabaseAnswersIsQuarantinedTheRestReplayedAndItIsIsolatedLater() throws Exception {
        Spool<Event> spool = spool();
        spool.append(SampleRows.events("a", 0, 8));
        spool.append(SampleRows.events("b", 0, 8));
        Deliveries fakes = new Deliveries(directory.resolve("dead-letters"));
        RowDelivery<Event> delivery = fakes.events(rows -> {
            if (rows.stream().anyMatch(e -> e.eventId().equals("a-3"))) {
                throw new BackendException(BackendException.Kind.UNKNOWN, "Code: 9999 (injected)", -1, "9999", null);
            }
        });
        TableLedger ledger = new TableLedger("events");
        TableReplay<Event> replay = new TableReplay<>(spool, delivery, fakes.deadLetters, ledger, 100);

        assertThat(replay.replay(() -> false)).as("only a quarantined segment is left: writers may go").isTrue();
        assertThat(spool.segments()).singleElement().satisfies(s -> assertThat(s.name()).doesNotContain(".r."));
        assertThat(ledger.snapshot().replayed()).isEqualTo(8);

        for (int pass = 1; pass < TableReplay.ISOLATE_AFTER; pass++) {
            replay.replay(() -> false);
        }
        assertThat(spool.segments()).hasSize(1);
        replay.replay(() -> false); // isolated now

        assertThat(spool.segments()).isEmpty();
        assertThat(fakes.deadLetterIds()).containsExactly("a-3");
        assertThat(ledger.snapshot().replayed()).isEqualTo(15);
        assertThat(ledger.snapshot().replayDeadLettered()).isEqualTo(1);
        assertThat(ledger.snapshot().spoolPending()).isZero();
    }
}
