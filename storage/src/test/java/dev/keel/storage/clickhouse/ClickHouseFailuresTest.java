package dev.keel.storage.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.client.api.ConnectionInitiationException;
import com.clickhouse.client.api.ServerException;
import dev.keel.storage.backend.BackendException;
import java.net.ConnectException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** The messages are the ones 18.16 gives (seen in the fault tests) and current releases' equivalents. */
class ClickHouseFailuresTest {

    private static BackendException classify(int code, String message, int rows) {
        return ClickHouseFailures.classify("insert", new ServerException(code, message, 500, "q"), rows);
    }

    @Test
    void aValueThatDoesNotParseIsAnInvalidRowAndTheNamedRowIsTheHint() {
        BackendException failure = classify(72, "Code: 72, e.displayText() = DB::Exception: Unsigned type must not "
                + "contain '-' symbol: (while read the value of key timestamp): (at row 538)\n, e.what() = DB::Exception", 1000);

        assertThat(failure.kind()).isEqualTo(BackendException.Kind.INVALID_ROWS);
        assertThat(failure.rowHint()).isEqualTo(537);
        assertThat(failure.getMessage()).doesNotContain("\n").contains("Unsigned type");
    }

    @Test
    void anUnknownEnumElementIsAnInvalidRowEvenUnderCode49AndWithoutARow() {
        BackendException old = classify(49, "Code: 49, e.displayText() = DB::Exception: Unknown element 'severe' for "
                + "type Enum8('low' = 2): (while read the value of key level), e.what() = DB::Exception", 5);
        BackendException current = classify(691, "Code: 691. DB::Exception: Unknown element 'severe' for enum: "
                + "(while reading the value of key level): (at row 3)", 5);

        assertThat(old.kind()).isEqualTo(BackendException.Kind.INVALID_ROWS);
        assertThat(old.rowHint()).isEqualTo(-1);
        assertThat(current.kind()).isEqualTo(BackendException.Kind.INVALID_ROWS);
        assertThat(current.rowHint()).isEqualTo(2);
    }

    @Test
    void aRowNumberOutsideTheInsertIsNoHint() {
        assertThat(classify(27, "Cannot parse input: (at row 99)", 10).rowHint()).isEqualTo(-1);
    }

    @Test
    void aMissingTableAnUnknownColumnAndBadCredentialsAreRejectedNotRetried() {
        assertThat(classify(60, "Table keel.events doesn't exist.", 10).kind()).isEqualTo(BackendException.Kind.REJECTED);
        assertThat(classify(516, "default: Authentication failed", 10).kind())
                .isEqualTo(BackendException.Kind.REJECTED);
        assertThat(classify(117, "Unknown field found while parsing JSONEachRow format: zzz: (at row 3)", 10).kind())
                .isEqualTo(BackendException.Kind.REJECTED);
    }

    @Test
    void aBusyOrOverloadedServerAndAnyNetworkFailureAreTransient() {
        BackendException parts = classify(252, "Too many parts (300). Merges are processing significantly slower "
                + "than inserts", 10);
        assertThat(parts.kind()).isEqualTo(BackendException.Kind.BUSY);
        assertThat(parts.isTransient()).isTrue();
        BackendException memory = classify(241, "Memory limit (total) exceeded", 10);
        assertThat(memory.kind()).isEqualTo(BackendException.Kind.BUSY);
        assertThat(memory.isTransient()).isTrue();
        BackendException refused = ClickHouseFailures.classify("insert", new ExecutionException(
                new ConnectionInitiationException("Insert request failed", new ConnectException("Connection refused"))), 10);
        assertThat(refused.kind()).isEqualTo(BackendException.Kind.TRANSIENT);
        assertThat(refused.getMessage()).contains("Connection refused");
    }

    @Test
    void aReadOrDdlErrorIsNeverAnInvalidRow() {
        assertThat(classify(62, "Syntax error: failed at position 1", 0).kind()).isEqualTo(BackendException.Kind.REJECTED);
        BackendException parse = classify(6, "Cannot parse text", 0);
        assertThat(parse.kind()).isEqualTo(BackendException.Kind.UNKNOWN);
        assertThat(parse.isTransient()).isTrue();
    }

    @Test
    void aBatchSpanningTooManyPartitionsIsAProblemOfItsRowsNotOfABusyServer() {
        BackendException partitions = classify(252, "Code: 252. DB::Exception: Too many partitions for single INSERT "
                + "block (more than 100). The limit is controlled by 'max_partitions_per_insert_block' setting", 500);

        assertThat(partitions.kind()).isEqualTo(BackendException.Kind.INVALID_ROWS);
        assertThat(partitions.rowHint()).isEqualTo(-1);
        assertThat(partitions.code()).isEqualTo("252");
    }

    @Test
    void aCodeNobodyClassifiedIsUnknownAndKeepsItsCode() {
        BackendException strange = classify(9999, "Code: 9999. DB::Exception: something new", 10);

        assertThat(strange.kind()).isEqualTo(BackendException.Kind.UNKNOWN);
        assertThat(strange.code()).isEqualTo("9999");
    }

    @Test
    void theCodeIsReadFromTheMessageWhen18Point16SendsNoCodeHeader() {
        // client-v2 reports code 0 (CODE_UNKNOWN) for 18.16's answers, which carry the code only in the text.
        BackendException missing = classify(ServerException.CODE_UNKNOWN, "Code: 60, e.displayText() = DB::Exception: "
                + "Table keel.events doesn't exist., e.what() = DB::Exception (transport error: 404)", 10);
        BackendException busy = classify(ServerException.CODE_UNKNOWN, "Code: 252, e.displayText() = DB::Exception: "
                + "Too many parts (300). Merges are processing significantly slower than inserts", 10);

        assertThat(missing.kind()).isEqualTo(BackendException.Kind.REJECTED);
        assertThat(missing.code()).isEqualTo("60");
        assertThat(busy.kind()).isEqualTo(BackendException.Kind.BUSY);
    }
}
