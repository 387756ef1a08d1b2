package dev.keel.storage.clickhouse;

import dev.keel.storage.codec.RowCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The {@code insert_deduplication_token} of an insert: a digest of the rows' ids and timestamps,
 * in order. An insert sent again with the same rows (retried after its answer was lost, or
 * replayed from the spool, where a segment holds the rows of the insert that failed) carries the
 * same token, and a server with a de-duplication window skips it instead of storing the rows twice.
 */
final class InsertToken {

    private InsertToken() {}

    static <T> String of(RowCodec<T> codec, List<T> rows) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        ByteBuffer timestamp = ByteBuffer.allocate(Long.BYTES);
        for (T row : rows) {
            digest.update(codec.id(row).getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(timestamp.clear().putLong(codec.timestamp(row)).flip());
        }
        return "keel-" + codec.table() + "-" + rows.size() + "-" + HexFormat.of().formatHex(digest.digest(), 0, 16);
    }
}
