package dev.keel.storage.writer;

import dev.keel.storage.backend.BackendException;
import dev.keel.storage.backend.DeadLetter;
import dev.keel.storage.backend.StorageBackend;
import dev.keel.storage.codec.Json;
import dev.keel.storage.codec.RowCodec;
import dev.keel.storage.spool.DeadLetterFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a rejected row with its reason: in the {@code dead_letters} table, or, if that cannot be
 * written either, in the local dead-letter file. One attempt each, never a retry loop: a bad
 * row must not hold up the good ones.
 */
public final class DeadLetterWriter {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterWriter.class);

    private final StorageBackend backend;
    private final DeadLetterFile file;

    public DeadLetterWriter(StorageBackend backend, DeadLetterFile file) {
        this.backend = backend;
        this.file = file;
    }

    /** @return true if the row was kept (table or file), false if it is lost (both failed; logged) */
    public <T> boolean write(RowCodec<T> codec, T row, String reason) {
        return write(new DeadLetter(System.currentTimeMillis(), codec.table(), codec.id(row), reason, payload(codec, row)));
    }

    public boolean write(DeadLetter letter) {
        log.warn("storage: {} row {} dead-lettered: {}", letter.table(), letter.rowId(), letter.reason());
        try {
            backend.insertDeadLetters(List.of(letter));
            return true;
        } catch (BackendException | RuntimeException tableFailed) {
            try {
                file.append(List.of(letter));
                log.warn("storage: dead_letters table not writable ({}); {} row {} kept in {}", tableFailed.getMessage(),
                        letter.table(), letter.rowId(), file.fileFor(letter.table()));
                return true;
            } catch (IOException fileFailed) {
                log.error("storage: {} row {} is LOST: rejected ({}), and neither dead_letters ({}) nor {} could be written",
                        letter.table(), letter.rowId(), letter.reason(), tableFailed.getMessage(),
                        file.fileFor(letter.table()), fileFailed);
                return false;
            }
        }
    }

    private static <T> String payload(RowCodec<T> codec, T row) {
        try {
            return new String(Json.encode(codec, row), StandardCharsets.UTF_8);
        } catch (RuntimeException unencodable) {
            return String.valueOf(row);
        }
    }
}
