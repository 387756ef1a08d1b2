package dev.keel.storage.spool;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The on-disk format of one spool segment, and the crash-safe way to write one.
 *
 * <pre>
 * "KEELSPL1"  8 bytes magic
 * rows        int, how many records follow
 * records     rows x { length int, crc32c int, length bytes of UTF-8 JSON }
 * </pre>
 *
 * A segment is written under a {@code .tmp} name, fsynced, renamed to its final name and the
 * directory fsynced: a {@code .seg} file is complete or absent. Reading stops at the first
 * record whose length or checksum is wrong, and reports how many it could not read. Replay
 * progress is a separate small file, {@code <segment>.done}, holding how many records from the
 * start are already written, replaced atomically the same way.
 */
final class SegmentFile {

    static final String SUFFIX = ".seg";
    static final String TEMP_SUFFIX = ".tmp";
    static final String PROGRESS_SUFFIX = ".done";
    static final String BAD_SUFFIX = ".bad";
    private static final byte[] MAGIC = "KEELSPL1".getBytes(StandardCharsets.US_ASCII);
    /** Larger than any row we write; a longer length field means a damaged file. */
    private static final int MAX_RECORD = 64 * 1024 * 1024;

    /** A file with a {@code .seg} name that is not a Keel spool segment (or not even a whole header of one). */
    static final class NotASegmentException extends IOException {
        NotASegmentException(String message) {
            super(message);
        }
    }

    /** What {@link #read} found: the intact records and how many of those announced are missing. */
    record Contents(List<byte[]> records, int damaged) {}

    private SegmentFile() {}

    /** Writes the records as a complete segment at {@code target}, durable when this returns. */
    static void write(Path target, List<byte[]> records) throws IOException {
        Path temp = target.resolveSibling(target.getFileName() + TEMP_SUFFIX);
        try (FileOutputStream file = new FileOutputStream(temp.toFile());
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(file, 1 << 16))) {
            out.write(MAGIC);
            out.writeInt(records.size());
            CRC32C crc = new CRC32C();
            for (byte[] record : records) {
                crc.reset();
                crc.update(record);
                out.writeInt(record.length);
                out.writeInt((int) crc.getValue());
                out.write(record);
            }
            out.flush();
            file.getFD().sync();
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(target.getParent());
    }

    /** How many rows the segment's header announces, without reading them. */
    static int announcedRows(Path segment) throws IOException {
        try (DataInputStream in = new DataInputStream(Files.newInputStream(segment))) {
            readMagic(in, segment);
            try {
                return Math.max(0, in.readInt());
            } catch (EOFException torn) {
                throw new NotASegmentException(segment + " ends inside its header");
            }
        }
    }

    static Contents read(Path segment) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(segment), 1 << 16))) {
            readMagic(in, segment);
            int announced;
            try {
                announced = in.readInt();
            } catch (EOFException torn) {
                return new Contents(List.of(), 0);
            }
            List<byte[]> records = new ArrayList<>(Math.min(Math.max(announced, 0), 100_000));
            CRC32C crc = new CRC32C();
            while (true) {
                byte[] record = readRecord(in, crc);
                if (record == null) {
                    break;
                }
                records.add(record);
            }
            return new Contents(records, Math.max(0, announced - records.size()));
        }
    }

    /** The next intact record, or null at the end of the file or at the first damaged one. */
    private static byte[] readRecord(DataInputStream in, CRC32C crc) throws IOException {
        try {
            int length = in.readInt();
            int expected = in.readInt();
            if (length < 0 || length > MAX_RECORD) {
                return null;
            }
            byte[] record = in.readNBytes(length);
            if (record.length < length) {
                return null;
            }
            crc.reset();
            crc.update(record);
            return (int) crc.getValue() == expected ? record : null;
        } catch (EOFException end) {
            return null;
        }
    }

    private static void readMagic(InputStream in, Path segment) throws IOException {
        byte[] magic = in.readNBytes(MAGIC.length);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new NotASegmentException("not a Keel spool segment: " + segment);
        }
    }

    /** How many records of {@code segment} are already written, from its progress file; 0 if none. */
    static int progress(Path segment) throws IOException {
        Path file = progressFile(segment);
        try {
            return Math.max(0, Integer.parseInt(Files.readString(file, StandardCharsets.US_ASCII).strip()));
        } catch (NoSuchFileException none) {
            return 0;
        } catch (NumberFormatException unreadable) {
            return 0; // a torn progress file cannot exist (written by rename); if it does, replay from the start
        }
    }

    /** Records that the first {@code done} records of {@code segment} are written, durable when this returns. */
    static void writeProgress(Path segment, int done) throws IOException {
        Path target = progressFile(segment);
        Path temp = target.resolveSibling(target.getFileName() + TEMP_SUFFIX);
        try (FileOutputStream out = new FileOutputStream(temp.toFile())) {
            out.write(Integer.toString(done).getBytes(StandardCharsets.US_ASCII));
            out.getFD().sync();
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(target.getParent());
    }

    static Path progressFile(Path segment) {
        return segment.resolveSibling(segment.getFileName() + PROGRESS_SUFFIX);
    }

    /**
     * Makes a rename or deletion in {@code directory} durable. An interrupt (a writer cancelled at
     * the stop deadline) makes the channel refuse the fsync after the rename already happened: the
     * fsync is retried once with the interrupt cleared, and the interrupt is restored.
     */
    static void syncDirectory(Path directory) throws IOException {
        try {
            force(directory);
        } catch (ClosedByInterruptException interrupted) {
            Thread.interrupted(); // the exception left the flag set; clear it for the retry
            try {
                force(directory);
            } finally {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void force(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
