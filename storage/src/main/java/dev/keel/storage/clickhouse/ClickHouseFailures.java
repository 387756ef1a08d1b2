package dev.keel.storage.clickhouse;

import com.clickhouse.client.api.ServerException;
import dev.keel.storage.backend.BackendException;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sorts what clickhouse-java throws into the kinds writers act on. The server's error code
 * decides, not the HTTP status (18.16 answers 400, 404 or 500 for the same kind of problem). A
 * code nobody listed here is UNKNOWN: retried a few times, then the rows are suspected, so that
 * one strange error cannot hold a batch, or the replay of a spool segment, forever.
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

    /** Codes that mean the server cannot take the write now, whatever the rows: retry later. */
    private static final Set<Integer> BUSY = Set.of(
            3, // UNEXPECTED_END_OF_FILE (the request was cut)
            32, // ATTEMPT_TO_READ_AFTER_EOF
            159, // TIMEOUT_EXCEEDED
            160, // TOO_SLOW
            173, // CANNOT_ALLOCATE_MEMORY
            202, // TOO_MANY_SIMULTANEOUS_QUERIES
            203, // NO_FREE_CONNECTION
            209, // SOCKET_TIMEOUT
            210, // NETWORK_ERROR
            236, // ABORTED
            241, // MEMORY_LIMIT_EXCEEDED
            242, // TABLE_IS_READ_ONLY
            243, // NOT_ENOUGH_SPACE
            252, // TOO_MANY_PARTS (but see TOO_MANY_PARTITIONS)
            285, // TOO_FEW_LIVE_REPLICAS
            286, // UNSATISFIED_QUORUM_FOR_PREVIOUS_WRITE
            319, // UNKNOWN_STATUS_OF_INSERT
            394, // QUERY_WAS_CANCELLED
            425, // SYSTEM_ERROR
            439, // CANNOT_SCHEDULE_TASK
            999); // KEEPER_EXCEPTION

    /**
     * Code 252 also says a batch spans too many partitions (more than 100 months of client
     * timestamps): the rows are the cause, and halving the batch cures it.
     */
    private static final String TOO_MANY_PARTITIONS = "Too many partitions for single INSERT block";

    /** "(at row 3)": 18.16 and current releases name the first bad row of a text format this way, from 1. */
    private static final Pattern AT_ROW = Pattern.compile("\\(at row (\\d+)\\)");

    /**
     * "Code: 60, e.displayText() = ..." (18.16) or "Code: 60. DB::Exception: ..." (current): 18.16
     * sends no {@code X-ClickHouse-Exception-Code} header, so client-v2 reports code 0 and the code
     * is only in the text.
     */
    private static final Pattern CODE = Pattern.compile("Code: (\\d+)");

    private ClickHouseFailures() {}

    /** Classifies a failure of an operation on {@code rows} rows (0 for reads and DDL). */
    static BackendException classify(String operation, Throwable thrown, int rows) {
        Throwable failure = unwrap(thrown);
        if (failure instanceof ServerException server) {
            String message = operation + ": " + firstLine(server.getMessage());
            int number = code(server);
            String code = String.valueOf(number);
            if (rows > 0 && isInvalidValue(server, number)) {
                return kind(BackendException.Kind.INVALID_ROWS, message, rowHint(server.getMessage(), rows), code, server);
            }
            if (rows > 0 && server.getMessage().contains(TOO_MANY_PARTITIONS)) {
                return kind(BackendException.Kind.INVALID_ROWS, message, -1, code, server);
            }
            if (REFUSED.contains(number) || server.getMessage().contains("Unknown field found")) {
                return kind(BackendException.Kind.REJECTED, message, -1, code, server);
            }
            if (BUSY.contains(number)) {
                return kind(BackendException.Kind.BUSY, message, -1, code, server);
            }
            return kind(BackendException.Kind.UNKNOWN, message, -1, code, server);
        }
        return BackendException.transientFailure(operation + ": " + describe(failure), failure);
    }

    private static BackendException kind(BackendException.Kind kind, String message, int hint, String code,
            Throwable cause) {
        return new BackendException(kind, message, hint, code, cause);
    }

    /**
     * A value error: by code, or by the text every input-format parse error carries (18.16 reports
     * an unknown enum element as code 49 "while read the value of key ...").
     */
    private static boolean isInvalidValue(ServerException server, int code) {
        String message = server.getMessage();
        if (message.contains("Unknown field found")) {
            return false; // the table lacks a column we send: a schema problem, not a row problem
        }
        return INVALID_VALUE.contains(code)
                || message.contains("the value of key")
                || AT_ROW.matcher(message).find();
    }

    /** The server's error code: from client-v2 where it knows it, else from the message. */
    private static int code(ServerException server) {
        if (server.getCode() > 0) {
            return server.getCode();
        }
        Matcher matcher = CODE.matcher(String.valueOf(server.getMessage()));
        try {
            return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
        } catch (NumberFormatException tooLarge) {
            return 0;
        }
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
