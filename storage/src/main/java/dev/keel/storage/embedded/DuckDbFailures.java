package dev.keel.storage.embedded;

import dev.keel.storage.backend.BackendException;
import java.sql.SQLException;

/** Sorts DuckDB's errors (identified by their message prefix) into the kinds writers act on. */
final class DuckDbFailures {

    private DuckDbFailures() {}

    static BackendException classify(String operation, SQLException failure, int rows) {
        String message = String.valueOf(failure.getMessage());
        String text = operation + ": " + firstLine(message);
        if (rows > 0 && (message.startsWith("Constraint Error") || message.startsWith("Conversion Error")
                || message.startsWith("Invalid Input Error") || message.startsWith("Out of Range Error"))) {
            return BackendException.invalidRows(text, -1, failure);
        }
        if (message.startsWith("Catalog Error") || message.startsWith("Binder Error")
                || message.startsWith("Parser Error") || message.startsWith("Permission Error")) {
            return BackendException.rejected(text, failure);
        }
        // Write-write conflicts between writers, I/O errors, out of memory: try again later.
        return BackendException.transientFailure(text, failure);
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }
}
