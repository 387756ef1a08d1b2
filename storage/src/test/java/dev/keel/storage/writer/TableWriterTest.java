package dev.keel.storage.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.storage.Event;
import dev.keel.storage.StoreContractRows;
import dev.keel.storage.backend.BackendException;
import dev.keel.storage.codec.EventCodec;
import dev.keel.storage.spool.Spool;
import dev.keel.storage.spool.SpoolSpace;
import dev.keel.storage.testing.SampleRows;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableWriterTest {

    @TempDir
    Path directory;

    @Test
    void anErrorAfterABatchWasSpooledDoesNotHaveTheRescueSpoolItAgain() throws Exception {
        Deliveries fakes = new Deliveries(directory.resolve("dead-letters"));
        RowDelivery<Event> refused = fakes.events(rows -> {
            throw BackendException.rejected("Table keel.events doesn't exist (injected)", null);
        });
        Spool<Event> spool = Spool.open(directory.resolve("spool"), EventCodec.INSTANCE, new SpoolSpace(Long.MAX_VALUE));
        TableLedger ledger = new TableLedger("events");
        TableWriter<Event> writer = new TableWriter<>("event-writer", ledger, refused, spool, fakes.deadLetters,
                fakes.stop, fakes.backoff);
        List<Event> batch = new ArrayList<>(SampleRows.events("e", 0, 3));
        batch.set(1, StoreContractRows.unencodable("e-unencodable"));
        ledger.offer(new dev.keel.lifecycle.WorkQueue<>("events", 10), batch);
        fakes.deadLetterInsertError.set(new LinkageError("injected error after the rows were spooled"));

        // Spooling succeeds; dead-lettering the row that cannot be encoded ends in an Error.
        assertThatThrownBy(() -> writer.write(batch)).isInstanceOf(LinkageError.class);
        writer.rescue(batch, new LinkageError("injected"));

        assertThat(spool.segments()).singleElement().satisfies(segment -> assertThat(segment.rows()).isEqualTo(2));
        assertThat(ledger.snapshot().spooled()).isEqualTo(2);
        assertThat(ledger.snapshot().balanced()).isTrue();
    }
}
