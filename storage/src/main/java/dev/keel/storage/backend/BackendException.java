package dev.keel.storage.backend;

/**
 * A backend operation that failed, classified so that writers know what to do about it.
 */
public final class BackendException extends Exception {

    /** What kind of failure, and so what to do. */
    public enum Kind {
        /** Refused connection, timeout, 5xx, a busy or read-only server: retry later. */
        TRANSIENT,
        /** The database rejected a value of some row as invalid: find the bad rows and dead-letter them. */
        INVALID_ROWS,
        /** The database refuses the write as a whole (no such table, no permission): do not retry now, spool. */
        REJECTED
    }

    private final Kind kind;
    private final int rowHint;

    /**
     * @param rowHint for {@link Kind#INVALID_ROWS}, the index (in the rows passed) of a row the
     *     database named as bad, or -1 when it did not say
     */
    public BackendException(Kind kind, String message, int rowHint, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.rowHint = rowHint;
    }

    public static BackendException transientFailure(String message, Throwable cause) {
        return new BackendException(Kind.TRANSIENT, message, -1, cause);
    }

    public static BackendException invalidRows(String message, int rowHint, Throwable cause) {
        return new BackendException(Kind.INVALID_ROWS, message, rowHint, cause);
    }

    public static BackendException rejected(String message, Throwable cause) {
        return new BackendException(Kind.REJECTED, message, -1, cause);
    }

    public Kind kind() {
        return kind;
    }

    public int rowHint() {
        return rowHint;
    }

    public boolean isTransient() {
        return kind == Kind.TRANSIENT;
    }
}
