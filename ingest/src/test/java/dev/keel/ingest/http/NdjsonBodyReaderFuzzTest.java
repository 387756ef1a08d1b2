package dev.keel.ingest.http;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.keel.ingest.support.Chunked;
import dev.keel.lifecycle.testing.LeakCheck;
import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Any bytes as a {@code POST /api/v1/events/bulk} body, checked UTF-8 as the intake reads it:
 * only {@link RefusedBodyException} escapes the reader (or the check's refusal); every line that
 * is not blank is either an event or an error with its 1-based line number (no line lost, none
 * counted twice); what it accepts passes {@link BodyOutcome#assertWellFormed}; a body that is not
 * UTF-8 is refused whole; and the outcome of any other does not depend on how the body arrives
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
        BodyOutcome whole = BodyOutcome.of(() -> reader.read(BodyOutcome.checked(new ByteArrayInputStream(body)),
                BodyOutcome.RECEIVED_AT)).assertWellFormed(1, lines.count());
        BodyOutcome byteAtATime = BodyOutcome.of(() -> reader.read(BodyOutcome.checked(Chunked.byteAtATime(body)),
                BodyOutcome.RECEIVED_AT));
        int[] pieces = Chunked.pieces(body, body.length, 300);
        BodyOutcome inPieces = BodyOutcome.of(() -> reader.read(BodyOutcome.checked(Chunked.stream(body, pieces)),
                BodyOutcome.RECEIVED_AT));
        if (!BodyLines.isUtf8(body)) {
            whole.assertRefused("not UTF-8, whole");
            byteAtATime.assertRefused("not UTF-8, a byte at a time");
            inPieces.assertRefused("not UTF-8, in pieces");
            return;
        }
        if (!whole.refused()) {
            int read = whole.events().size() + whole.errors().size();
            if (read != lines.counted()) {
                throw new AssertionError("broken invariant: each of the " + lines.counted()
                        + " non-blank lines is an event or an error, but " + read + " were read: " + whole);
            }
        } else if (whole.refusedStatus() == 400 && lines.counted() > 0) {
            throw new AssertionError("a body with " + lines.counted() + " non-blank lines was refused as empty: "
                    + whole.refusal());
        }
        whole.assertSameAs(byteAtATime, "a byte at a time");
        whole.assertSameAs(inPieces, "in pieces");
    }
}
