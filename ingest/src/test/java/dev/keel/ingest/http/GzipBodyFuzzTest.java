package dev.keel.ingest.http;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.keel.ingest.support.Chunked;
import dev.keel.ingest.support.GzipBodies;
import dev.keel.lifecycle.testing.LeakCheck;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The gzip path as {@link HttpEventIntake} wires it (capped as sent, {@link ContentCoding#GZIP}
 * decoded, capped again after decompression, read as NDJSON), fed any bytes as a gzip body: it
 * fails only as documented (not gzip: {@code ZipException} or {@code EOFException}; too large:
 * {@link BodyTooLargeException}; refused: {@link RefusedBodyException}), the reader never sees
 * more than max-body-size inflated bytes, and what it accepts passes
 * {@link BodyOutcome#assertWellFormed}. Then the same bytes as the plain body, gzipped here: the
 * outcome is the one the plain body gets, whole or in pieces (a body that is not UTF-8 is
 * refused whole each way). Inputs:
 * {@code GzipBodyFuzzTestInputs/decodesAnyBody/} (a file there is sent as it is, gzip or not).
 */
class GzipBodyFuzzTest {

    @RegisterExtension
    static final LeakCheck leaks = LeakCheck.create().perClass();

    private static final long MAX = BodyOutcome.SETTINGS.maxBodyBytes();

    private final NdjsonBodyReader reader = new NdjsonBodyReader(BodyOutcome.SETTINGS);

    @FuzzTest
    void decodesAnyBody(byte[] data) {
        sentAsGzip(data);

        BodyOutcome plain = BodyOutcome.of(() -> reader.read(BodyOutcome.checked(new ByteArrayInputStream(data)),
                BodyOutcome.RECEIVED_AT));
        byte[] gzipped = GzipBodies.gzip(data);
        BodyOutcome whole = BodyOutcome.ofDecoded(() -> reader.read(decoded(new ByteArrayInputStream(gzipped)),
                BodyOutcome.RECEIVED_AT));
        int[] pieces = Chunked.pieces(gzipped, gzipped.length, 100);
        BodyOutcome inPieces = BodyOutcome.ofDecoded(() -> reader.read(decoded(Chunked.stream(gzipped, pieces)),
                BodyOutcome.RECEIVED_AT));
        if (BodyLines.isUtf8(data)) {
            whole.assertSameAs(plain, "gzipped");
            inPieces.assertSameAs(plain, "gzipped, in pieces");
        } else {
            plain.assertRefused("not UTF-8");
            whole.assertRefused("not UTF-8, gzipped");
            inPieces.assertRefused("not UTF-8, gzipped, in pieces");
        }
    }

    private void sentAsGzip(byte[] sent) {
        CountingStream[] inflated = new CountingStream[1];
        BodyOutcome.ofDecoded(() -> {
            inflated[0] = new CountingStream(decoded(new ByteArrayInputStream(sent)));
            return reader.read(inflated[0], BodyOutcome.RECEIVED_AT);
        }).assertWellFormed(1, Long.MAX_VALUE);
        if (inflated[0] != null && inflated[0].count > MAX) {
            throw new AssertionError("the reader was given " + inflated[0].count
                    + " inflated bytes, over max-body-size " + MAX);
        }
    }

    /** As {@link HttpEventIntake} reads a gzip body. */
    private static InputStream decoded(InputStream sent) {
        InputStream capped = new LimitedInputStream(sent, MAX, " as sent (compressed)");
        return new Utf8OnlyInputStream(new LimitedInputStream(ContentCoding.GZIP.decode(capped), MAX,
                " (counted after decompression)"), " (after decompression)");
    }

    /** Counts what the reader actually got. */
    private static final class CountingStream extends FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            count += Math.max(0, n);
            return n;
        }
    }
}
