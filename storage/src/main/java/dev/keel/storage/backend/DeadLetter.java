package dev.keel.storage.backend;

import java.util.Objects;

/**
 * A row the database rejected as invalid, kept with the reason so that someone can fix and
 * re-send it.
 *
 * @param failedAt when it was rejected, epoch milliseconds
 * @param table the table it was meant for ({@code events}, {@code alerts})
 * @param rowId its event or alert id
 * @param reason the database's error message
 * @param payload the row as JSON (the codec's shape), or its {@code toString()} if even that failed
 */
public record DeadLetter(long failedAt, String table, String rowId, String reason, String payload) {

    /** Reasons are error messages; a runaway one is cut here. */
    public static final int MAX_REASON_LENGTH = 2_000;

    public DeadLetter {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(rowId, "rowId");
        Objects.requireNonNull(payload, "payload");
        reason = reason == null ? "" : reason.length() > MAX_REASON_LENGTH ? reason.substring(0, MAX_REASON_LENGTH) : reason;
    }
}
