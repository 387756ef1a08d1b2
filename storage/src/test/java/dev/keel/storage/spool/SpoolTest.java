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
import java.util.stream.Stream;
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

    private final SpoolSpace space = new SpoolSpace(Long.MAX_VALUE);

    private Spool<Event> open() throws Exception {
        return Spool.open(root, EventCodec.INSTANCE, new SpoolSpace(Long.MAX_VALUE));
    }

    private List<String> files(Spool<Event> spool) throws Exception {
        try (Stream<Path> files = Files.list(spool.directory())) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void appendedSegmentsAreListedOldestFirstAndReadBackWhole() throws Exception {
        Spool<Event> spool = open();
        List<Event> first = SampleRows.events("a", 0, 3);
        List<Event> second = SampleRows.events("a", 3, 2);

        assertThat(spool.append(first)).isEmpty();
        assertThat(spool.append(second)).isEmpty();

        List<Spool.Segment> segments = spool.segments();
        assertThat(segments).extracting(Spool.Segment::rows).containsExactly(3, 2);
        assertThat(spool.pendingRows()).isEqualTo(5);
        assertThat(spool.read(segments.get(0)).rows()).isEqualTo(first);
        assertThat(spool.read(segments.get(1)).rows()).isEqualTo(second);
        assertThat(files(spool)).allMatch(name -> name.endsWith(".seg"));
    }

    @Test
    void aDeletedSegmentIsGoneAndAReplacedOneKeepsItsPlaceInTheOrder() throws Exception {
        Spool<Event> spool = open();
        spool.append(SampleRows.events("r", 0, 4));
        spool.append(SampleRows.events("r", 4, 1));
        Spool.Segment older = spool.segments().getFirst();

        Spool.Segment replacement = spool.replace(older, SampleRows.events("r", 2, 2));

        List<Spool.Segment> segments = spool.segments();
        assertThat(segments).extracting(Spool.Segment::rows).containsExactly(2, 1);
        assertThat(segments.getFirst().path()).isEqualTo(replacement.path());
        assertThat(replacement.key()).isEqualTo(older.key());
        assertThat(spool.read(segments.getFirst()).rows()).isEqualTo(SampleRows.events("r", 2, 2));
        spool.delete(segments.getFirst());
        assertThat(spool.segments()).extracting(Spool.Segment::rows).containsExactly(1);
    }

    @Test
    void aSegmentACrashLeftHalfWrittenIsSalvagedUpToItsFirstTornRecord() throws Exception {
        Spool<Event> spool = open();
        spool.append(SampleRows.events("t", 0, 10));
        Path complete = spool.segments().getFirst().path();
        Path torn = complete.resolveSibling(complete.getFileName() + ".tmp");
        Files.move(complete, torn);
        try (RandomAccessFile file = new RandomAccessFile(torn.toFile(), "rw")) {
            file.setLength(file.length() - 100); // the last record is cut short
        }

        Spool<Event> reopened = open();

        List<Spool.Segment> segments = reopened.segments();
        assertThat(segments).singleElement().extracting(Spool.Segment::rows).isEqualTo(9);
        assertThat(reopened.read(segments.getFirst()).rows()).isEqualTo(SampleRows.events("t", 0, 9));
        assertThat(Files.exists(torn)).isFalse();
    }

    @Test
    void aReplacementACrashCutShortIsDroppedWhileItsOriginalIsKeptWhole() throws Exception {
        Spool<Event> spool = open();
        spool.append(SampleRows.events("c", 0, 10));
        Spool.Segment original = spool.segments().getFirst();
        String base = original.name().substring(0, original.name().length() - ".seg".length());
        // The crash came while X.r.seg.tmp was written: X.seg still holds every row.
        Path torn = spool.directory().resolve(base + ".r.seg.tmp");
        Files.copy(original.path(), torn);
        try (RandomAccessFile file = new RandomAccessFile(torn.toFile(), "rw")) {
            file.setLength(file.length() - 100);
        }

        Spool<Event> reopened = open();

        assertThat(files(reopened)).containsExactly(original.name());
        assertThat(reopened.read(reopened.segments().getFirst()).rows()).isEqualTo(SampleRows.events("c", 0, 10));
    }

    @Test
    void aReplacementFoundBesideItsOriginalAfterACrashSupersedesIt() throws Exception {
        Spool<Event> spool = open();
        spool.append(SampleRows.events("s", 0, 10));
        Spool.Segment original = spool.segments().getFirst();
        Path copy = root.resolve("original.copy");
        Files.copy(original.path(), copy);
        spool.replace(original, SampleRows.events("s", 6, 4));
        Files.move(copy, original.path()); // the crash came before the original was deleted

        Spool<Event> reopened = open();

        assertThat(reopened.segments()).singleElement().satisfies(segment -> {
            assertThat(segment.name()).endsWith(".r.seg");
            assertThat(reopened.read(segment).rows()).isEqualTo(SampleRows.events("s", 6, 4));
        });
    }

    @Test
    void recordedProgressSkipsTheRowsAlreadyWrittenAfterARestart() throws Exception {
        Spool<Event> spool = open();
        spool.append(SampleRows.events("g", 0, 10));
        Spool.Segment segment = spool.segments().getFirst();

        spool.markDone(segment, 4);

        Spool<Event> reopened = open();
        Spool.Segment again = reopened.segments().getFirst();
        assertThat(again.rows()).isEqualTo(6);
        Spool.Contents<Event> contents = reopened.read(again);
        assertThat(contents.rows()).isEqualTo(SampleRows.events("g", 4, 6));
        assertThat(contents.skipped()).isEqualTo(4);
        reopened.delete(again);
        assertThat(files(reopened)).isEmpty();
    }

    @Test
    void aFileThatIsNotASegmentIsRenamedBadAndSkipped() throws Exception {
        Spool<Event> spool = open();
        spool.append(SampleRows.events("b", 0, 2));
        Files.writeString(spool.directory().resolve("0000000000000-000000000-foreign.seg"), "hello");
        Files.write(spool.directory().resolve("0000000000000-000000001-empty.seg"), new byte[0]);

        Spool<Event> reopened = open();

        assertThat(reopened.segments()).singleElement().extracting(Spool.Segment::rows).isEqualTo(2);
        assertThat(reopened.badFiles()).isEqualTo(2);
        assertThat(files(reopened)).contains("0000000000000-000000000-foreign.seg.bad",
                "0000000000000-000000001-empty.seg.bad");
    }

    @Test
    void theSpaceCountsTheSegmentsOfBothTablesAndWhatIsAppendedAndDeleted() throws Exception {
        Spool<Event> spool = Spool.open(root, EventCodec.INSTANCE, space);
        spool.append(SampleRows.events("z", 0, 10));
        long one = space.used();
        assertThat(one).isGreaterThan(10 * 900);

        SpoolSpace after = new SpoolSpace(one);
        Spool<Event> reopened = Spool.open(root, EventCodec.INSTANCE, after);
        assertThat(after.used()).isEqualTo(one);
        assertThat(after.exhausted()).isTrue();
        reopened.delete(reopened.segments().getFirst());
        assertThat(after.used()).isZero();
        assertThat(after.exhausted()).isFalse();
    }

    @Test
    void aDamagedRecordEndsTheReadAndIsCountedAsDamaged() throws Exception {
        Spool<Event> spool = open();
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
        Spool<Event> spool = open();
        List<Event> rows = new ArrayList<>(SampleRows.events("u", 0, 3));
        Event unencodable = new Event("u-bad", 1, 1, "http", null, null, null, null, null, null,
                Map.of("thing", new Exploding("x")));
        rows.add(1, unencodable);

        assertThat(spool.append(rows)).containsExactly(unencodable);
        assertThat(spool.read(spool.segments().getFirst()).rows()).isEqualTo(SampleRows.events("u", 0, 3));
    }
}
