package dev.keel.ingest.http;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.keel.ingest.support.Chunked;
import dev.keel.ingest.support.KnownBug;
import dev.keel.lifecycle.testing.LeakCheck;
import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Any bytes as a {@code POST /api/v1/events/bulk} body: only {@link RefusedBodyException}
 * escapes the reader; every line that is not blank is either an event or an error with its
 * 1-based line number (no line lost, none counted twice); what it accepts passes
 * {@link BodyOutcome#assertWellFormed}; and the outcome does not depend on how the body arrives
 * (whole, a byte at a time, or in pieces), which is what {@link NdjsonLines}' buffering must
 * guarantee. Inputs: {@code NdjsonBodyReaderFuzzTestInputs/readsAnyBody/}.
 */
class NdjsonBodyReaderFuzzTest {

    @RegisterExtension
    static final LeakCheck leaks = LeakCheck.create().perClass();

    private final NdjsonBodyReader reader = new NdjsonBodyReader(BodyOutcome.SETTINGS);

    @FuzzTest
    void readsAnyBody(byte[] body) {
        BodyLines lines = BodyLines.of(body, BodyOutcome.SETTINGS.maxEventBytes());
        BodyOutcome whole = BodyOutcome.of(() -> reader.read(new ByteArrayInputStream(body), BodyOutcome.RECEIVED_AT))
                .assertWellFormed(1, lines.count());
        if (!whole.refused()) {
            int read = whole.events().size() + whole.errors().size();
            if (read != lines.nonBlank()) {
                throw new AssertionError("broken invariant: each of the " + lines.nonBlank()
                        + " non-blank lines is an event or an error, but " + read + " were read: " + whole);
            }
        } else if (whole.refusedStatus() == 400 && lines.nonBlank() > 0) {
            throw new AssertionError("a body with " + lines.nonBlank() + " non-blank lines was refused as empty: "
                    + whole.refusal());
        }
        if (lines.paddedPastLimit() && KnownBug.NDJSON_LINE_LIMIT_DEPENDS_ON_CHUNKING.tolerated()
                || BodyLines.mayLookLikeUtf16Or32(body) && KnownBug.JSON_ENCODING_DETECTED.tolerated()) {
            return;
        }
        whole.assertSameAs(BodyOutcome.of(() -> reader.read(Chunked.byteAtATime(body), BodyOutcome.RECEIVED_AT)),
                "a byte at a time");
        int[] pieces = Chunked.pieces(body, body.length, 300);
        whole.assertSameAs(BodyOutcome.of(() -> reader.read(Chunked.stream(body, pieces), BodyOutcome.RECEIVED_AT)),
                "in pieces");
    }
}
