package dev.keel.storage.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The exclusive claim of one storage generation on a spool directory, {@code <spool>/.lock}:
 * two replayers of one spool would write its rows twice, so a second user (another process, or
 * another generation in this JVM that has not let go) is refused with a message naming the
 * directory.
 */
public final class SpoolLock implements AutoCloseable {

    private final Path directory;
    private final FileChannel channel;
    private final FileLock lock;

    private SpoolLock(Path directory, FileChannel channel, FileLock lock) {
        this.directory = directory;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Claims {@code directory} (creating it), or throws an {@link IOException} saying who holds it.
     */
    public static SpoolLock acquire(Path directory) throws IOException {
        Files.createDirectories(directory);
        FileChannel channel = FileChannel.open(directory.resolve(".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException inThisJvm) {
            channel.close();
            throw new IOException("spool directory " + directory.toAbsolutePath() + " is in use by another storage "
                    + "component in this JVM (two components, or a generation that has not stopped, cannot share it)");
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            throw new IOException("spool directory " + directory.toAbsolutePath() + " is locked by another process "
                    + "(another Keel instance with the same keel.storage.data-dir or keel.storage.spool.dir?)");
        }
        return new SpoolLock(directory, channel, lock);
    }

    public Path directory() {
        return directory;
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
