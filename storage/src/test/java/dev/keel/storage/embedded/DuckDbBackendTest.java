package dev.keel.storage.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.storage.backend.BackendException;
import dev.keel.storage.backend.DeadLetter;
import dev.keel.storage.backend.DeadLetterColumn;
import dev.keel.storage.testing.SampleRows;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuckDbBackendTest {

    @TempDir
    Path dataDir;

    @Test
    void aConnectionThatRanTheMigrationReadsWhatIsWrittenLater() throws Exception {
        // Two connections: the migration's goes back to the pool, and reads and writes take turns on them.
        try (DuckDbBackend backend = new DuckDbBackend(dataDir, "keel", 2)) {
            backend.migrate();
            backend.insertEvents(SampleRows.events("a", 0, 1));
            assertThat(backend.recentEvents(10)).hasSize(1);
            backend.insertEvents(SampleRows.events("a", 1, 1));
            assertThat(backend.recentEvents(10)).hasSize(2);
            backend.insertEvents(SampleRows.events("a", 2, 1));
            assertThat(backend.recentEvents(10)).hasSize(3);
        }
    }

    @Test
    void anInsertInterruptedBetweenItsStatementsIsRolledBackAndFailsTransiently() throws Exception {
        Path file = dataDir.resolve("keel.duckdb");
        try (DuckDbConnections connections = new DuckDbConnections(file, 1)) {
            new DuckDbMigrator(connections, "keel.main", file).migrate();
            DuckDbInserts inserts = new DuckDbInserts(connections, "keel.main");
            List<DeadLetter> letters = IntStream.range(0, 1_000)
                    .mapToObj(i -> new DeadLetter(1, "events", "row-" + i, "reason", "{}")).toList();
            // The stop's interrupt arrives while the first statement's rows are bound; it must end the insert
            // before the second statement, although the statement itself (native code) would ignore it.
            DuckDbInserts.RowBinder<DeadLetter> interruptedAtRow100 = (statement, at, letter, index) -> {
                if (index == 100) {
                    Thread.currentThread().interrupt();
                }
                statement.setLong(at, letter.failedAt());
                statement.setString(at + 1, letter.table());
                statement.setString(at + 2, letter.rowId());
                statement.setString(at + 3, letter.reason());
                statement.setString(at + 4, letter.payload());
            };

            try {
                assertThatThrownBy(() -> inserts.insert("dead_letters", DeadLetterColumn.values(), false, letters,
                        interruptedAtRow100)).isInstanceOf(BackendException.class)
                        .hasMessageContaining("cancelled: the writer was interrupted")
                        .satisfies(e -> assertThat(((BackendException) e).isTransient()).isTrue());
                assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is kept for the writer").isTrue();
            } finally {
                Thread.interrupted();
            }
            Connection connection = connections.borrow();
            try (Statement statement = connection.createStatement();
                    ResultSet count = statement.executeQuery("SELECT count(*) FROM keel.main.dead_letters")) {
                assertThat(count.next()).isTrue();
                assertThat(count.getLong(1)).as("the first statement's rows are rolled back").isZero();
            } finally {
                connections.release(connection);
            }
        }
    }

    @Test
    void aBorrowerWaitsForABusyConnectionOnlyABoundedTimeAndIsToldWhy() throws Exception {
        try (DuckDbConnections connections = new DuckDbConnections(dataDir.resolve("busy.duckdb"), 1,
                Duration.ofMillis(200))) {
            Connection held = connections.borrow(); // a writer in a long insert

            assertThatThrownBy(connections::borrow).isInstanceOf(BackendException.class)
                    .hasMessageContaining("all 1 connections").hasMessageContaining("stayed busy")
                    .satisfies(e -> assertThat(((BackendException) e).isTransient()).isTrue());

            connections.release(held);
            connections.release(connections.borrow());
        }
    }
}
