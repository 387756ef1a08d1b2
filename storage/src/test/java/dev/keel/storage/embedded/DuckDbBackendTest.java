package dev.keel.storage.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.storage.backend.BackendException;
import dev.keel.storage.testing.SampleRows;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
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
