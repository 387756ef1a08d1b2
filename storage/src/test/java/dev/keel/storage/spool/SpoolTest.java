package dev.keel.storage.spool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.storage.Event;
import dev.keel.storage.codec.EventCodec;
import dev.keel.storage.testing.SampleRows;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {

    /** An attribute value whose serialization fails. */
    public record Exploding(String value) {
        @Override
        public String value() {
            throw new IllegalStateException("cannot be read");
        }
    }

    @TempDir
    Path root;

    @Test
    void appendedSegmentsAreListedOldestFirstAndReadBackWhole() throws Exception {
        Spool<Event> spool = Spool.open(root, EventCodec.INSTANCE);
        List<Event> first = SampleRows.events("a", 0, 3);
        List<Event> second = SampleRows.events("a", 3, 2);

        assertThat(spool.append(first)).isEmpty();
        assertThat(spool.append(second)).isEmpty();

        List<Spool.Segment> segments = spool.segments();
        assertThat(segments).extracting(Spool.Segment::rows).containsExactly(3, 2);
        assertThat(spool.pendingRows()).isEqualTo(5);
        assertThat(spool.read(segments.get(0)).rows()).isEqualTo(first);
        assertThat(spool.read(segments.get(1)).rows()).isEqualTo(second);
        assertThat(Files.list(spool.directory()).map(p -> p.getFileName().toString()))
                .allMatch(name -> name.endsWith(".seg"));
    }

    @Test
    void aDeletedSegmentIsGoneAndAReplacedOneKeepsItsPlaceInTheOrder() throws Exception {
        Spool<Event> spool = Spool.open(root, EventCodec.INSTANCE);
        spool.append(SampleRows.events("r", 0, 4));
        spool.append(SampleRows.events("r", 4, 1));
        Spool.Segment older = spool.segments().getFirst();

        spool.replace(older, SampleRows.events("r", 2, 2));

        List<Spool.Segment> segments = spool.segments();
        assertThat(segments).extracting(Spool.Segment::rows).containsExactly(2, 1);
        assertThat(spool.read(segments.getFirst()).rows()).isEqualTo(SampleRows.events("r", 2, 2));
        spool.delete(segments.getFirst());
        assertThat(spool.segments()).extracting(Spool.Segment::rows).containsExactly(1);
    }

    @Test
    void aSegmentACrashLeftHalfWrittenIsSalvagedUpToItsFirstTornRecord() throws Exception {
        Spool<Event> spool = Spool.open(root, EventCodec.INSTANCE);
        spool.append(SampleRows.events("t", 0, 10));
        Path complete = spool.segments().getFirst().path();
        Path torn = complete.resolveSibling(complete.getFileName() + ".tmp");
        Files.move(complete, torn);
        try (RandomAccessFile file = new RandomAccessFile(torn.toFile(), "rw")) {
            file.setLength(file.length() - 100); // the last record is cut short
        }

        Spool<Event> reopened = Spool.open(root, EventCodec.INSTANCE);

        List<Spool.Segment> segments = reopened.segments();
        assertThat(segments).singleElement().extracting(Spool.Segment::rows).isEqualTo(9);
        assertThat(reopened.read(segments.getFirst()).rows()).isEqualTo(SampleRows.events("t", 0, 9));
        assertThat(Files.exists(torn)).isFalse();
    }

    @Test
    void aDamagedRecordEndsTheReadAndIsCountedAsDamaged() throws Exception {
        Spool<Event> spool = Spool.open(root, EventCodec.INSTANCE);
        spool.append(SampleRows.events("d", 0, 5));
        Spool.Segment segment = spool.segments().getFirst();
        try (RandomAccessFile file = new RandomAccessFile(segment.path().toFile(), "rw")) {
            long middle = file.length() / 2;
            file.seek(middle);
            int value = file.read();
            file.seek(middle);
            file.write(value ^ 0xff);
        }

        Spool.Contents<Event> contents = spool.read(segment);

        assertThat(contents.rows()).hasSizeLessThan(5).isEqualTo(SampleRows.events("d", 0, contents.rows().size()));
        assertThat(contents.rows().size() + contents.damaged()).isEqualTo(5);
    }

    @Test
    void rowsThatCannotBeEncodedAreReturnedInsteadOfWritten() throws Exception {
        Spool<Event> spool = Spool.open(root, EventCodec.INSTANCE);
        List<Event> rows = new ArrayList<>(SampleRows.events("u", 0, 3));
        Event unencodable = new Event("u-bad", 1, 1, "http", null, null, null, null, null, null,
                Map.of("thing", new Exploding("x")));
        rows.add(1, unencodable);

        assertThat(spool.append(rows)).containsExactly(unencodable);
        assertThat(spool.read(spool.segments().getFirst()).rows()).isEqualTo(SampleRows.events("u", 0, 3));
    }
}
