package dev.keel.storage.backend;

import java.util.List;

/**
 * A backend operation that failed, classified so that writers know what to do about it.
 */
public final class BackendException extends Exception {

    /** What kind of failure, and so what to do. */
    public enum Kind {
        /** The database could not be reached or did not answer (refused, reset, timed out): retry later. */
        TRANSIENT,
        /** The database answered that it cannot take the write now (too many parts, memory limit): retry later. */
        BUSY,
        /**
         * The database answered with an error nobody classified: retried a few times, then the rows
         * themselves are suspected and isolated like invalid ones.
         */
        UNKNOWN,
        /** The database rejected a value of some row as invalid: find the bad rows and dead-letter them. */
        INVALID_ROWS,
        /** The database refuses the write as a whole (no such table, no permission): do not retry now, spool. */
        REJECTED
    }

    /**
     * A row found invalid before anything was sent (a check the client makes for the database).
     *
     * @param index its index in the rows passed
     * @param reason why, naming the row and the column
     */
    public record InvalidRow(int index, String reason) {}

    private final Kind kind;
    private final int rowHint;
    private final String code;
    private final List<InvalidRow> invalidRows;

    /**
     * @param rowHint for {@link Kind#INVALID_ROWS}, the index (in the rows passed) of a row the
     *     database named as bad, or -1 when it did not say
     * @param code the database's error code (or error class), to tell failures apart; may be empty
     */
    public BackendException(Kind kind, String message, int rowHint, String code, Throwable cause) {
        this(kind, message, rowHint, code, List.of(), cause);
    }

    private BackendException(Kind kind, String message, int rowHint, String code, List<InvalidRow> invalidRows,
            Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.rowHint = rowHint;
        this.code = code == null ? "" : code;
        this.invalidRows = List.copyOf(invalidRows);
    }

    public static BackendException transientFailure(String message, Throwable cause) {
        return new BackendException(Kind.TRANSIENT, message, -1, "", cause);
    }

    public static BackendException invalidRows(String message, int rowHint, Throwable cause) {
        return new BackendException(Kind.INVALID_ROWS, message, rowHint, "", cause);
    }

    /** Every row of an insert that a client-side check refused, found before anything was sent. */
    public static BackendException invalidRows(String operation, List<InvalidRow> rows) {
        return new BackendException(Kind.INVALID_ROWS, operation + ": " + rows.size() + " rows fail the column checks ("
                + rows.getFirst().reason() + (rows.size() > 1 ? ", ..." : "") + ")", -1, "client-check", rows, null);
    }

    public static BackendException rejected(String message, Throwable cause) {
        return new BackendException(Kind.REJECTED, message, -1, "", cause);
    }

    public Kind kind() {
        return kind;
    }

    public int rowHint() {
        return rowHint;
    }

    /** The database's error code or error class; empty when unknown. */
    public String code() {
        return code;
    }

    /** For {@link Kind#INVALID_ROWS} found by the client: every such row of the insert; otherwise empty. */
    public List<InvalidRow> invalidRows() {
        return invalidRows;
    }

    /** The database may take the write later: TRANSIENT, BUSY or UNKNOWN. */
    public boolean isTransient() {
        return kind == Kind.TRANSIENT || kind == Kind.BUSY || kind == Kind.UNKNOWN;
    }
}
