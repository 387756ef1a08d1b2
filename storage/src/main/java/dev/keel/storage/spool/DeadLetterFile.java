package dev.keel.storage.spool;

import dev.keel.storage.backend.DeadLetter;
import dev.keel.storage.codec.DeadLetterCodec;
import dev.keel.storage.codec.Json;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The local dead-letter file of a table, {@code <dir>/<table>.jsonl}: one JSON object per line
 * (the {@code dead_letters} columns), appended and fsynced. Where rejected rows go when the
 * {@code dead_letters} table cannot be written either.
 */
public final class DeadLetterFile {

    private final Path directory;

    public DeadLetterFile(Path directory) {
        this.directory = directory;
    }

    public Path fileFor(String table) {
        return directory.resolve(table + ".jsonl");
    }

    /** Appends each letter to its table's file, durable when this returns. */
    public synchronized void append(List<DeadLetter> letters) throws IOException {
        Uninterruptibly.run(() -> {
            Files.createDirectories(directory);
            for (DeadLetter letter : letters) {
                try (FileOutputStream out = new FileOutputStream(fileFor(letter.table()).toFile(), true)) {
                    out.write(Json.encode(DeadLetterCodec.INSTANCE, letter));
                    out.write('\n');
                    out.getFD().sync();
                }
            }
            return null;
        });
    }
}
