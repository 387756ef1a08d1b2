package dev.keel.ingest.http;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.keel.ingest.support.Chunked;
import dev.keel.ingest.support.KnownBug;
import dev.keel.lifecycle.testing.LeakCheck;
import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Any bytes as a {@code POST /api/v1/events} body: only {@link RefusedBodyException} escapes the
 * reader; what it accepts passes {@link BodyOutcome#assertWellFormed} (events storage can keep,
 * errors by 0-based index, short reasons); a body that cannot be UTF-8 is not taken; and the
 * outcome does not depend on how the body arrives (whole, or in pieces). Inputs:
 * {@code JsonBodyReaderFuzzTestInputs/readsAnyBody/}.
 */
class JsonBodyReaderFuzzTest {

    @RegisterExtension
    static final LeakCheck leaks = LeakCheck.create().perClass();

    private final JsonBodyReader reader = new JsonBodyReader(BodyOutcome.SETTINGS);

    @FuzzTest
    void readsAnyBody(byte[] body) {
        BodyOutcome whole = BodyOutcome.of(() -> reader.read(new ByteArrayInputStream(body), BodyOutcome.RECEIVED_AT))
                .assertWellFormed(0, BodyOutcome.SETTINGS.maxEvents() - 1);
        if (BodyLines.mayLookLikeUtf16Or32(body)) {
            if (!whole.events().isEmpty() && !KnownBug.JSON_ENCODING_DETECTED.tolerated()) {
                throw new AssertionError("broken invariant: a body that is not UTF-8 is refused, yet " + whole);
            }
            if (KnownBug.JSON_ENCODING_DETECTED.tolerated()) {
                return;
            }
        }
        int[] pieces = Chunked.pieces(body, body.length, 64);
        BodyOutcome inPieces = BodyOutcome.of(() -> reader.read(Chunked.stream(body, pieces), BodyOutcome.RECEIVED_AT));
        whole.assertSameAs(inPieces, "in pieces");
    }
}
