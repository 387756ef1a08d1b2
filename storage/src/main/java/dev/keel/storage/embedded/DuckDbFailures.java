package dev.keel.storage.embedded;

import dev.keel.storage.backend.BackendException;
import java.sql.SQLException;

/** Sorts DuckDB's errors (identified by their message prefix, "Constraint Error: ...") into the kinds writers act on. */
final class DuckDbFailures {

    private DuckDbFailures() {}

    static BackendException classify(String operation, SQLException failure, int rows) {
        String message = String.valueOf(failure.getMessage());
        String text = operation + ": " + firstLine(message);
        int colon = message.indexOf(':');
        String code = colon > 0 ? message.substring(0, colon) : "";
        BackendException.Kind kind;
        if (rows > 0 && (message.startsWith("Constraint Error") || message.startsWith("Conversion Error")
                || message.startsWith("Invalid Input Error") || message.startsWith("Out of Range Error"))) {
            kind = BackendException.Kind.INVALID_ROWS;
        } else if (message.startsWith("Catalog Error") || message.startsWith("Binder Error")
                || message.startsWith("Parser Error") || message.startsWith("Permission Error")) {
            kind = BackendException.Kind.REJECTED;
        } else if (message.startsWith("INTERRUPT") || message.contains("connection") && message.contains("closed")) {
            kind = BackendException.Kind.TRANSIENT; // our own close, at the stop
        } else if (message.startsWith("TransactionContext Error") || message.startsWith("IO Error")
                || message.startsWith("Out of Memory Error")) {
            kind = BackendException.Kind.BUSY; // write-write conflicts between writers, a full disk, memory
        } else {
            kind = BackendException.Kind.UNKNOWN;
        }
        return new BackendException(kind, text, -1, code, failure);
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }
}
