package dev.keel.storage.writer;

/**
 * Watches the first rows of a batch that fail alone (or first in their slice) before any row of
 * the batch was stored: if {@value #LIMIT} of them fail with the same error code, the fault is
 * the table's (a column altered under us), not the rows', and the batch should not be
 * dead-lettered row by row. Rows failing with different codes, or anything stored, end the watch.
 */
final class SameFailures {

    /** Rows failing alike that make the fault the table's. */
    static final int LIMIT = 3;

    private boolean watching;
    private String code;
    private int count;

    SameFailures(boolean watching) {
        this.watching = watching;
    }

    /** Something of the batch was stored: its rows are not all refused. */
    void stored() {
        watching = false;
    }

    /** A row failed first in its slice with {@code failureCode}; true once {@value #LIMIT} did alike. */
    boolean tableAtFault(String failureCode) {
        if (!watching) {
            return false;
        }
        if (count > 0 && !failureCode.equals(code)) {
            watching = false;
            return false;
        }
        code = failureCode;
        return ++count >= LIMIT;
    }
}
