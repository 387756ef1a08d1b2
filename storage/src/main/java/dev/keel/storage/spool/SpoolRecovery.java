package dev.keel.storage.spool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts right what a crash left in a spool directory, before anything reads it:
 * <ul>
 *   <li>a progress update that did not happen ({@code .done.tmp}) is dropped: the last one counts;
 *   <li>a replacement cut short ({@code X.r.seg.tmp}) whose original {@code X.seg} still exists is
 *       dropped: the original holds every row;
 *   <li>any other {@code .tmp} (an append cut short) is salvaged up to its first damaged record;
 *   <li>a replacement {@code X.r.seg} found beside its original supersedes it: it is complete, and
 *       the original's other rows were written;
 *   <li>progress files whose segment is gone are dropped.
 * </ul>
 */
final class SpoolRecovery {

    private static final Logger log = LoggerFactory.getLogger(SpoolRecovery.class);

    private SpoolRecovery() {}

    static void recover(Path directory) throws IOException {
        for (Path file : Spool.files(directory, SegmentFile.PROGRESS_SUFFIX + SegmentFile.TEMP_SUFFIX)) {
            Files.delete(file); // a progress update that did not happen: the last one still counts
        }
        for (Path torn : Spool.files(directory, SegmentFile.SUFFIX + SegmentFile.TEMP_SUFFIX)) {
            dropOrSalvage(directory, torn);
        }
        for (Path replacement : Spool.files(directory, Spool.REPLACED + SegmentFile.SUFFIX)) {
            String name = replacement.getFileName().toString();
            Path original = directory.resolve(name.substring(0, name.length() - Spool.REPLACED.length()
                    - SegmentFile.SUFFIX.length()) + SegmentFile.SUFFIX);
            if (Files.exists(original)) {
                Files.delete(original);
                Files.deleteIfExists(SegmentFile.progressFile(original));
                log.warn("storage: spool segment {} was replaced by {} when a crash came; keeping only the replacement",
                        original, replacement.getFileName());
            }
        }
        for (Path progress : Spool.files(directory, SegmentFile.PROGRESS_SUFFIX)) {
            String name = progress.getFileName().toString();
            if (!Files.exists(directory.resolve(name.substring(0, name.length() - SegmentFile.PROGRESS_SUFFIX.length())))) {
                Files.delete(progress);
            }
        }
        SegmentFile.syncDirectory(directory);
    }

    /** A {@code .tmp} is a segment whose write a crash interrupted. */
    private static void dropOrSalvage(Path directory, Path torn) throws IOException {
        String name = torn.getFileName().toString();
        String base = name.substring(0, name.length() - SegmentFile.TEMP_SUFFIX.length() - SegmentFile.SUFFIX.length());
        if (base.endsWith(Spool.REPLACED)) {
            Path original = directory.resolve(base.substring(0, base.length() - Spool.REPLACED.length()) + SegmentFile.SUFFIX);
            if (Files.exists(original)) {
                Files.delete(torn); // a replacement cut short: the original still holds every row
                log.warn("storage: dropped {}, a replacement a crash cut short; {} is intact", torn, original);
                return;
            }
        }
        SegmentFile.Contents contents;
        try {
            contents = SegmentFile.read(torn);
        } catch (SegmentFile.NotASegmentException notEvenAHeader) {
            contents = new SegmentFile.Contents(List.of(), 0);
        }
        if (!contents.records().isEmpty()) {
            SegmentFile.write(directory.resolve(base + ".salvaged" + SegmentFile.SUFFIX), contents.records());
        }
        Files.delete(torn);
        log.warn("storage: salvaged {} rows from spool segment {}, which a crash left half-written",
                contents.records().size(), torn);
    }
}
