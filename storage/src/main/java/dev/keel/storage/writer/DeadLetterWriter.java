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
 * Keeps rejected rows with their reasons: in the {@code dead_letters} table (all of one batch in
 * one insert), or, if that cannot be written, in the local dead-letter file. One attempt each,
 * never a retry loop: bad rows must not hold up the good ones.
 */
public final class DeadLetterWriter {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterWriter.class);

    private final StorageBackend backend;
    private final DeadLetterFile file;

    public DeadLetterWriter(StorageBackend backend, DeadLetterFile file) {
        this.backend = backend;
        this.file = file;
    }

    /** @return true if the rows were kept (table or file), false if they are lost (both failed; logged) */
    public <T> boolean write(RowCodec<T> codec, List<PendingRows.Rejected<T>> rows) {
        long now = System.currentTimeMillis();
        return write(rows.stream().map(rejected -> new DeadLetter(now, codec.table(), codec.id(rejected.row()),
                rejected.reason(), payload(codec, rejected.row()))).toList());
    }

    /** @return true if the letters were kept (table or file), false if they are lost (both failed; logged) */
    public boolean write(List<DeadLetter> letters) {
        if (letters.isEmpty()) {
            return true;
        }
        for (DeadLetter letter : letters) {
            log.warn("storage: {} row {} dead-lettered: {}", letter.table(), letter.rowId(), letter.reason());
        }
        try {
            backend.insertDeadLetters(letters);
            return true;
        } catch (BackendException | RuntimeException tableFailed) {
            String table = letters.getFirst().table();
            try {
                file.append(letters);
                log.warn("storage: dead_letters table not writable ({}); {} {} rows kept in {}", tableFailed.getMessage(),
                        letters.size(), table, file.fileFor(table));
                return true;
            } catch (IOException fileFailed) {
                log.error("storage: {} {} rows are LOST: rejected, and neither dead_letters ({}) nor {} could be written",
                        letters.size(), table, tableFailed.getMessage(), file.fileFor(table), fileFailed);
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
