package dev.keel.storage.spool;

import dev.keel.storage.codec.InvalidRowException;
import dev.keel.storage.codec.Json;
import dev.keel.storage.codec.RowCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spool of one table: a directory of segment files, each holding one spooled batch, named so
 * that they sort oldest first ({@code <epoch-ms>-<sequence>-<token>.seg}). Appending writes a new
 * segment and returns only once it is durable; replaying reads a segment and then deletes it, or
 * replaces it with the rows still to replay. Thread-safe: segments are never shared between
 * writers, and only the replayer reads, replaces and deletes.
 *
 * @param <T> the row type
 */
public final class Spool<T> {

    private static final Logger log = LoggerFactory.getLogger(Spool.class);

    private final Path directory;
    private final RowCodec<T> codec;
    private final String token = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt(), 6);
    private final AtomicLong sequence = new AtomicLong();

    /** One segment file and the rows its header announces. */
    public record Segment(Path path, int rows) {
        public String name() {
            return path.getFileName().toString();
        }
    }

    /** What a segment held: the rows that decode, and what could not be read back. */
    public record Contents<T>(List<T> rows, List<String> undecodable, int damaged) {}

    private Spool(Path directory, RowCodec<T> codec) {
        this.directory = directory;
        this.codec = codec;
    }

    /**
     * Opens the spool of {@code codec.table()} under {@code root}, creating the directory, and
     * salvages segments a crash left half-written.
     */
    public static <T> Spool<T> open(Path root, RowCodec<T> codec) throws IOException {
        Spool<T> spool = new Spool<>(root.resolve(codec.table()), codec);
        Files.createDirectories(spool.directory);
        spool.salvageTornSegments();
        return spool;
    }

    public Path directory() {
        return directory;
    }

    /** The complete segments, oldest first. */
    public List<Segment> segments() throws IOException {
        List<Segment> segments = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(SegmentFile.SUFFIX)).sorted().toList()) {
                try {
                    segments.add(new Segment(file, SegmentFile.announcedRows(file)));
                } catch (java.nio.file.NoSuchFileException replayedMeanwhile) {
                    // deleted by the replayer between listing and reading: nothing to do
                }
            }
        }
        return segments;
    }

    /** Rows in all complete segments. */
    public long pendingRows() throws IOException {
        return segments().stream().mapToLong(Segment::rows).sum();
    }

    /**
     * Appends the rows as one new segment, durable when this returns. Rows that cannot be
     * encoded are not written and are returned, for the caller to dead-letter.
     */
    public List<T> append(List<T> rows) throws IOException {
        List<byte[]> records = new ArrayList<>(rows.size());
        List<T> unencodable = new ArrayList<>();
        for (T row : rows) {
            try {
                records.add(Json.encode(codec, row));
            } catch (InvalidRowException e) {
                unencodable.add(row);
            }
        }
        if (!records.isEmpty()) {
            Path target = directory.resolve(String.format("%013d-%09d-%s%s", System.currentTimeMillis(),
                    sequence.incrementAndGet(), token, SegmentFile.SUFFIX));
            Uninterruptibly.run(() -> {
                SegmentFile.write(target, records);
                return null;
            });
        }
        return unencodable;
    }

    public Contents<T> read(Segment segment) throws IOException {
        SegmentFile.Contents contents = Uninterruptibly.run(() -> SegmentFile.read(segment.path()));
        List<T> rows = new ArrayList<>(contents.records().size());
        List<String> undecodable = new ArrayList<>();
        for (byte[] record : contents.records()) {
            try {
                rows.add(Json.decode(codec, record));
            } catch (RuntimeException e) {
                undecodable.add(new String(record, StandardCharsets.UTF_8));
            }
        }
        if (contents.damaged() > 0) {
            log.error("storage: spool segment {} announces {} rows but only {} are intact; {} are damaged",
                    segment.path(), segment.rows(), contents.records().size(), contents.damaged());
        }
        return new Contents<>(rows, undecodable, contents.damaged());
    }

    /** Removes a segment whose rows have all been written. */
    public void delete(Segment segment) throws IOException {
        Uninterruptibly.run(() -> {
            Files.deleteIfExists(segment.path());
            SegmentFile.syncDirectory(directory);
            return null;
        });
    }

    /**
     * Replaces a segment by one holding only {@code remaining} (a replay that got part of the way),
     * named so that it sorts where the old one did. The new segment is durable before the old one
     * goes; a crash in between leaves both, and the rows written twice collapse in the table.
     */
    public void replace(Segment segment, List<T> remaining) throws IOException {
        List<byte[]> records = new ArrayList<>(remaining.size());
        for (T row : remaining) {
            records.add(Json.encode(codec, row));
        }
        String name = segment.name();
        Path target = directory.resolve(name.substring(0, name.length() - SegmentFile.SUFFIX.length()) + ".r"
                + SegmentFile.SUFFIX);
        Uninterruptibly.run(() -> {
            SegmentFile.write(target, records);
            Files.deleteIfExists(segment.path());
            SegmentFile.syncDirectory(directory);
            return null;
        });
    }

    /** A {@code .tmp} is a segment whose write a crash interrupted: keep its intact records. */
    private void salvageTornSegments() throws IOException {
        List<Path> torn;
        try (Stream<Path> files = Files.list(directory)) {
            torn = files.filter(f -> f.getFileName().toString().endsWith(SegmentFile.TEMP_SUFFIX)).sorted().toList();
        }
        for (Path file : torn) {
            SegmentFile.Contents contents = SegmentFile.read(file);
            String name = file.getFileName().toString();
            String base = name.substring(0, name.length() - SegmentFile.TEMP_SUFFIX.length() - SegmentFile.SUFFIX.length());
            if (!contents.records().isEmpty()) {
                SegmentFile.write(directory.resolve(base + ".salvaged" + SegmentFile.SUFFIX), contents.records());
            }
            Files.delete(file);
            SegmentFile.syncDirectory(directory);
            log.warn("storage: salvaged {} rows from spool segment {}, which a crash left half-written",
                    contents.records().size(), file);
        }
    }
}
