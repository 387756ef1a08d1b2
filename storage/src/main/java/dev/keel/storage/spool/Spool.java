package dev.keel.storage.spool;

import dev.keel.storage.codec.InvalidRowException;
import dev.keel.storage.codec.Json;
import dev.keel.storage.codec.RowCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spool of one table: a directory of segment files, each holding one spooled batch, named so
 * that they sort oldest first ({@code <epoch-ms>-<sequence>-<token>.seg}). Appending writes a new
 * segment and returns only once it is durable; replaying reads a segment, records its progress
 * chunk by chunk, and then deletes it, or replaces it with the rows still to replay
 * ({@code X.r.seg}, which sorts where {@code X.seg} did).
 *
 * <p>When the spool is opened, what a crash left is put right ({@link SpoolRecovery}). A file
 * with a {@code .seg} name that is not a segment is renamed {@code .bad} and counted, so that it
 * cannot stop a start.
 *
 * <p>Thread-safe: writers append concurrently (each to a new file); only the replayer reads,
 * records progress, replaces and deletes.
 *
 * @param <T> the row type
 */
public final class Spool<T> {

    private static final Logger log = LoggerFactory.getLogger(Spool.class);
    static final String REPLACED = ".r";

    private final Path directory;
    private final RowCodec<T> codec;
    private final SpoolSpace space;
    private final String token = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt(), 6);
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicInteger badFiles = new AtomicInteger();

    /**
     * One segment file, the rows its header announces, and how many of them a replay already wrote.
     */
    public record Segment(Path path, int announced, int done) {
        public String name() {
            return path.getFileName().toString();
        }

        /** Rows still to replay. */
        public int rows() {
            return Math.max(0, announced - done);
        }

        /** The name without replacement marks: the same for a segment and the ones that replace it. */
        public String key() {
            String base = name().substring(0, name().length() - SegmentFile.SUFFIX.length());
            while (base.endsWith(REPLACED)) {
                base = base.substring(0, base.length() - REPLACED.length());
            }
            return base;
        }
    }

    /**
     * What a segment held past its recorded progress: the rows that decode, what could not be read
     * back, and how many records were skipped as already written.
     */
    public record Contents<T>(List<T> rows, List<String> undecodable, int damaged, int skipped) {}

    private Spool(Path directory, RowCodec<T> codec, SpoolSpace space) {
        this.directory = directory;
        this.codec = codec;
        this.space = space;
    }

    /**
     * Opens the spool of {@code codec.table()} under {@code root}, creating the directory, applies
     * the crash rules, and adds its segments' size to {@code space}.
     */
    public static <T> Spool<T> open(Path root, RowCodec<T> codec, SpoolSpace space) throws IOException {
        Spool<T> spool = new Spool<>(root.resolve(codec.table()), codec, space);
        Files.createDirectories(spool.directory);
        SpoolRecovery.recover(spool.directory);
        long bytes = 0;
        for (Path file : spool.files(SegmentFile.SUFFIX)) {
            bytes += sizeOf(file);
        }
        space.add(bytes);
        return spool;
    }

    public Path directory() {
        return directory;
    }

    /** Files with a {@code .seg} name found not to be segments, renamed {@code .bad}, since this spool was opened. */
    public int badFiles() {
        return badFiles.get();
    }

    public SpoolSpace space() {
        return space;
    }

    /** The complete segments, oldest first; a file that is not a segment is renamed {@code .bad} and skipped. */
    public List<Segment> segments() throws IOException {
        List<Segment> segments = new ArrayList<>();
        for (Path file : files(SegmentFile.SUFFIX)) {
            try {
                segments.add(new Segment(file, SegmentFile.announcedRows(file), SegmentFile.progress(file)));
            } catch (NoSuchFileException replayedMeanwhile) {
                // deleted by the replayer between listing and reading: nothing to do
            } catch (SegmentFile.NotASegmentException foreign) {
                setAside(file, foreign.getMessage());
            }
        }
        return segments;
    }

    /** Rows in all complete segments, not yet replayed. */
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
            space.add(sizeOf(target));
        }
        return unencodable;
    }

    /** Reads a segment's rows past its recorded progress. */
    public Contents<T> read(Segment segment) throws IOException {
        SegmentFile.Contents contents = Uninterruptibly.run(() -> SegmentFile.read(segment.path()));
        int skipped = Math.min(segment.done(), contents.records().size());
        List<T> rows = new ArrayList<>(contents.records().size() - skipped);
        List<String> undecodable = new ArrayList<>();
        for (byte[] record : contents.records().subList(skipped, contents.records().size())) {
            try {
                rows.add(Json.decode(codec, record));
            } catch (RuntimeException e) {
                undecodable.add(new String(record, StandardCharsets.UTF_8));
            }
        }
        int damaged = Math.max(0, segment.rows() - rows.size() - undecodable.size());
        if (damaged > 0) {
            log.error("storage: spool segment {} announces {} rows but only {} are intact; {} are damaged",
                    segment.path(), segment.announced(), contents.records().size(), damaged);
        }
        return new Contents<>(rows, undecodable, damaged, skipped);
    }

    /** Records that the first {@code done} records of the segment (counted from the file's start) are written. */
    public void markDone(Segment segment, int done) throws IOException {
        Uninterruptibly.run(() -> {
            SegmentFile.writeProgress(segment.path(), done);
            return null;
        });
    }

    /** Removes a segment whose rows have all been written, with its progress. */
    public void delete(Segment segment) throws IOException {
        long size = sizeOf(segment.path());
        Uninterruptibly.run(() -> {
            Files.deleteIfExists(segment.path());
            Files.deleteIfExists(SegmentFile.progressFile(segment.path()));
            SegmentFile.syncDirectory(directory);
            return null;
        });
        space.release(size);
    }

    /**
     * Replaces a segment by one holding only {@code remaining} (a replay that got part of the
     * way), named so that it sorts where the old one did. The new segment is durable before the old
     * one goes; a crash in between leaves both, and {@link #open} keeps only the new one.
     *
     * @return the new segment
     */
    public Segment replace(Segment segment, List<T> remaining) throws IOException {
        List<byte[]> records = new ArrayList<>(remaining.size());
        for (T row : remaining) {
            records.add(Json.encode(codec, row));
        }
        String name = segment.name();
        Path target = directory.resolve(name.substring(0, name.length() - SegmentFile.SUFFIX.length()) + REPLACED
                + SegmentFile.SUFFIX);
        long oldSize = sizeOf(segment.path());
        Uninterruptibly.run(() -> {
            SegmentFile.write(target, records);
            Files.deleteIfExists(segment.path());
            Files.deleteIfExists(SegmentFile.progressFile(segment.path()));
            SegmentFile.syncDirectory(directory);
            return null;
        });
        space.add(sizeOf(target) - oldSize);
        return new Segment(target, records.size(), 0);
    }

    private void setAside(Path file, String why) {
        Path bad = file.resolveSibling(file.getFileName() + SegmentFile.BAD_SUFFIX);
        try {
            Files.move(file, bad);
            space.release(sizeOf(bad));
            badFiles.incrementAndGet();
            log.error("storage: {}; renamed it to {} and left it out of the replay", why, bad.getFileName());
        } catch (IOException e) {
            log.error("storage: {}; renaming it to {} failed too ({}); it is skipped", why, bad.getFileName(),
                    e.toString());
        }
    }

    private List<Path> files(String suffix) throws IOException {
        return files(directory, suffix);
    }

    static List<Path> files(Path directory, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException gone) {
            return 0;
        }
    }
}
