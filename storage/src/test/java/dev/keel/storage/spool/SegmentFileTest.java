package dev.keel.storage.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentFileTest {

    @TempDir
    Path directory;

    @Test
    void anInterruptDuringTheDirectorySyncDoesNotFailTheWriteAndIsKept() throws Exception {
        Path target = directory.resolve("0000000000001-000000001-abcdef.seg");
        try {
            // A writer cancelled at the stop deadline: the interrupt arrives while the segment is written.
            Thread.currentThread().interrupt();
            SegmentFile.syncDirectory(directory);
            assertThat(Thread.currentThread().isInterrupted()).as("interrupt restored").isTrue();

            Thread.interrupted();
            SegmentFile.write(target, List.of("{\"a\":1}".getBytes()));
            Thread.currentThread().interrupt();
            SegmentFile.syncDirectory(directory);
        } finally {
            Thread.interrupted();
        }
        assertThat(Files.exists(target)).isTrue();
        assertThat(SegmentFile.read(target).records()).hasSize(1);
    }
}
