package dev.keel.ingest.http;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.keel.ingest.support.Chunked;
import dev.keel.lifecycle.testing.LeakCheck;
import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Any bytes as a {@code POST /api/v1/events} body: only {@link RefusedBodyException} escapes the
 * reader; what it accepts passes {@link BodyOutcome#assertWellFormed} (events storage can keep,
 * errors by 0-based index, short reasons); a body that is not UTF-8 is refused whole, however it
 * arrives; and the outcome of any other does not depend on how the body arrives (whole, or in
 * pieces). Inputs:
 * {@code JsonBodyReaderFuzzTestInputs/readsAnyBody/}.
 */
class JsonBodyReaderFuzzTest {

    @RegisterExtension
    static final LeakCheck leaks = LeakCheck.create().perClass();

    private final JsonBodyReader reader = new JsonBodyReader(BodyOutcome.SETTINGS);

    @FuzzTest
    void readsAnyBody(byte[] body) {
        BodyOutcome whole = BodyOutcome.of(() -> reader.read(BodyOutcome.checked(new ByteArrayInputStream(body)),
                BodyOutcome.RECEIVED_AT)).assertWellFormed(0, BodyOutcome.SETTINGS.maxEvents() - 1);
        int[] pieces = Chunked.pieces(body, body.length, 64);
        BodyOutcome inPieces = BodyOutcome.of(() -> reader.read(BodyOutcome.checked(Chunked.stream(body, pieces)),
                BodyOutcome.RECEIVED_AT));
        if (BodyLines.isUtf8(body)) {
            whole.assertSameAs(inPieces, "in pieces");
        } else {
            whole.assertRefused("not UTF-8, whole");
            inPieces.assertRefused("not UTF-8, in pieces");
        }
    }
}
