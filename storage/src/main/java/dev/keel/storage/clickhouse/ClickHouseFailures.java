package dev.keel.storage.clickhouse;

import com.clickhouse.client.api.ServerException;
import dev.keel.storage.backend.BackendException;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sorts what clickhouse-java throws into the three kinds writers act on. The server's error
 * code decides, not the HTTP status (18.16 answers 400, 404 or 500 for the same kind of problem).
 */
final class ClickHouseFailures {

    /** Codes that mean a value of some row could not be parsed or does not fit its column. */
    private static final Set<Integer> INVALID_VALUE = Set.of(
            6, // CANNOT_PARSE_TEXT
            25, // CANNOT_PARSE_ESCAPE_SEQUENCE
            26, // CANNOT_PARSE_QUOTED_STRING
            27, // CANNOT_PARSE_INPUT_ASSERTION_FAILED
            38, // CANNOT_PARSE_DATE
            41, // CANNOT_PARSE_DATETIME
            53, // TYPE_MISMATCH
            69, // ARGUMENT_OUT_OF_BOUND
            70, // CANNOT_CONVERT_TYPE
            72, // CANNOT_PARSE_NUMBER
            131, // TOO_LARGE_STRING_SIZE
            190, // SIZES_OF_ARRAYS_DOESNT_MATCH
            321, // VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE
            349, // CANNOT_INSERT_NULL_IN_ORDINARY_COLUMN
            691); // UNKNOWN_ELEMENT_OF_ENUM

    /** Codes that mean the write as a whole is refused: retrying will not help, so spool at once. */
    private static final Set<Integer> REFUSED = Set.of(
            16, // NO_SUCH_COLUMN_IN_TABLE
            47, // UNKNOWN_IDENTIFIER
            60, // UNKNOWN_TABLE
            62, // SYNTAX_ERROR
            81, // UNKNOWN_DATABASE
            115, // UNKNOWN_SETTING
            164, // READONLY (the user is read-only)
            192, // UNKNOWN_USER
            193, // WRONG_PASSWORD
            194, // REQUIRED_PASSWORD
            195, // IP_ADDRESS_NOT_ALLOWED
            497, // ACCESS_DENIED
            516); // AUTHENTICATION_FAILED

    /** "(at row 3)": 18.16 and current releases name the first bad row of a text format this way, from 1. */
    private static final Pattern AT_ROW = Pattern.compile("\\(at row (\\d+)\\)");

    private ClickHouseFailures() {}

    /** Classifies a failure of an operation on {@code rows} rows (0 for reads and DDL). */
    static BackendException classify(String operation, Throwable thrown, int rows) {
        Throwable failure = unwrap(thrown);
        if (failure instanceof ServerException server) {
            String message = operation + ": " + firstLine(server.getMessage());
            if (rows > 0 && isInvalidValue(server)) {
                return BackendException.invalidRows(message, rowHint(server.getMessage(), rows), server);
            }
            if (REFUSED.contains(server.getCode()) || server.getMessage().contains("Unknown field found")) {
                return BackendException.rejected(message, server);
            }
            // Too many parts, memory limit, timeouts, a replica going read-only, and anything unknown: retry.
            return BackendException.transientFailure(message, server);
        }
        return BackendException.transientFailure(operation + ": " + describe(failure), failure);
    }

    /**
     * A value error: by code, or by the text every input-format parse error carries (18.16 reports
     * an unknown enum element as code 49 "while read the value of key ...").
     */
    private static boolean isInvalidValue(ServerException server) {
        String message = server.getMessage();
        if (message.contains("Unknown field found")) {
            return false; // the table lacks a column we send: a schema problem, not a row problem
        }
        return INVALID_VALUE.contains(server.getCode())
                || message.contains("the value of key")
                || AT_ROW.matcher(message).find();
    }

    /** The 0-based index of the row the server named, or -1. */
    static int rowHint(String message, int rows) {
        Matcher matcher = AT_ROW.matcher(message);
        if (matcher.find()) {
            try {
                int row = Integer.parseInt(matcher.group(1)) - 1;
                return row >= 0 && row < rows ? row : -1;
            } catch (NumberFormatException tooLarge) {
                return -1;
            }
        }
        return -1;
    }

    private static Throwable unwrap(Throwable thrown) {
        Throwable failure = thrown;
        while ((failure instanceof ExecutionException || failure instanceof CompletionException)
                && failure.getCause() != null) {
            failure = failure.getCause();
        }
        return failure;
    }

    private static String describe(Throwable failure) {
        String text = failure.getClass().getSimpleName() + ": " + firstLine(String.valueOf(failure.getMessage()));
        Throwable cause = failure.getCause();
        return cause == null || cause == failure ? text
                : text + " (" + cause.getClass().getSimpleName() + ": " + firstLine(String.valueOf(cause.getMessage())) + ")";
    }

    static String firstLine(String message) {
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return line.strip();
    }
}
