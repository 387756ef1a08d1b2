package dev.keel.ingest.http;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.keel.ingest.support.Chunked;
import dev.keel.ingest.support.EventInvariants;
import dev.keel.ingest.support.GzipBodies;
import dev.keel.ingest.support.RecordingSink;
import dev.keel.lifecycle.Admission;
import dev.keel.lifecycle.testing.LeakCheck;
import dev.keel.storage.Event;
import dev.keel.storage.codec.Json;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One whole request, end to end through {@link HttpEventIntake} with a recording downstream: the
 * first input byte says how it is sent, the rest is the body.
 *
 * <pre>
 * bit 0     endpoint: 0 JSON (/api/v1/events), 1 NDJSON (/api/v1/events/bulk)
 * bits 1-2  Content-Encoding: 0 none; 1 gzip, the body gzipped here; 2 gzip, the body sent as it is
 *           (hostile gzip); 3 identity
 * bit 3     Content-Length declared (else -1, chunked)
 * bit 4     the body arrives in pieces
 * bit 5     downstream is full (answers FULL)
 * bit 6     Content-Type carries "; charset=UTF-8"
 * </pre>
 *
 * So "@" is JSON, plain; "A" NDJSON, plain; "B"/"C" JSON/NDJSON gzipped here; "D"/"E" JSON/NDJSON
 * with the body taken for gzip as it is. Every answer is one the intake documents (202, 400, 413,
 * or 429 from a full downstream), never the 400 for a reader bug; it can be written as JSON; a
 * 202 means downstream got exactly the accepted events, each well formed, any other answer means
 * it got none; and a body gzipped here, declared or chunked, whole or in pieces, gets the very
 * answer the same body gets sent plainly. Inputs: {@code HttpEventIntakeFuzzTestInputs/answersAnyRequest/}.
 */
class HttpEventIntakeFuzzTest {

    @RegisterExtension
    static final LeakCheck leaks = LeakCheck.create().perClass();

    private static final Set<Integer> DOCUMENTED = Set.of(202, 400, 413, 429);

    private final RecordingSink downstream = RecordingSink.accepting();
    private final HttpEventIntake intake = intake(downstream);

    @FuzzTest
    void answersAnyRequest(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int flags = input[0];
        byte[] body = Arrays.copyOfRange(input, 1, input.length);
        BodyFormat format = (flags & 1) == 0 ? BodyFormat.JSON : BodyFormat.NDJSON;
        int coding = (flags >> 1) & 3;
        boolean full = (flags & 0x20) != 0;
        String contentType = (format == BodyFormat.JSON ? "application/json" : "application/x-ndjson")
                + ((flags & 0x40) != 0 ? "; charset=UTF-8" : "");
        byte[] sent = coding == 1 ? GzipBodies.gzip(body) : body;
        List<String> encoding = switch (coding) {
            case 0 -> List.of();
            case 3 -> List.of("identity");
            default -> List.of("gzip");
        };
        long contentLength = (flags & 8) != 0 ? sent.length : -1;
        boolean inPieces = (flags & 0x10) != 0;

        IntakeResponse answer = send(new IntakeRequest(format, contentType, encoding, contentLength, null, null,
                () -> inPieces ? Chunked.stream(sent, Chunked.pieces(sent, sent.length, 200))
                        : new ByteArrayInputStream(sent)),
                full);

        boolean utf8 = BodyLines.isUtf8(body);
        check(utf8 || coding == 2 || answer.status() != 202, "a body that is not UTF-8 is refused", answer);
        if (coding != 2 && !full && body.length <= BodyOutcome.SETTINGS.maxBodyBytes() && utf8) {
            IntakeResponse plain = send(new IntakeRequest(format, contentType, List.of(), body.length, null, null,
                    () -> new ByteArrayInputStream(body)), false);
            if (!plain.equals(answer)) {
                throw new AssertionError("the same body sent plainly got another answer:\n  " + answer + "\n  "
                        + plain);
            }
        }
    }

    /** Sends one request against an empty downstream and checks the answer and what downstream got. */
    private IntakeResponse send(IntakeRequest request, boolean full) {
        downstream.clear();
        if (full) {
            downstream.refuseWith(Admission.FULL);
        } else {
            downstream.accept();
        }
        IntakeResponse answer = intake.handle(request);
        List<Event> delivered = downstream.events();

        check(DOCUMENTED.contains(answer.status()), "the answer is one the intake documents", answer);
        check(answer.status() != 429 || full, "429 only from a full downstream", answer);
        try {
            Json.MAPPER.writeValueAsBytes(answer.body());
        } catch (RuntimeException e) {
            throw new AssertionError("the answer cannot be written as JSON: " + answer, e);
        }
        switch (answer.body()) {
            case AcceptedBody accepted -> {
                check(answer.status() == 202, "an AcceptedBody comes with 202", answer);
                check(accepted.accepted() >= 1 && accepted.accepted() == delivered.size(),
                        "downstream got exactly the accepted events (" + delivered.size() + ")", answer);
                check(accepted.rejected() == accepted.errors().size(), "each rejected event has its error", answer);
                delivered.forEach(event -> EventInvariants.assertWellFormed(event, JsonEventNormalizer.SOURCE,
                        event.receivedAt()));
            }
            case RejectedBody rejected -> {
                check(answer.status() == 400 && rejected.accepted() == 0 && rejected.rejected() >= 1
                        && rejected.rejected() == rejected.errors().size(),
                        "a RejectedBody is a 400 listing every error", answer);
                check(delivered.isEmpty(), "downstream got nothing", answer);
            }
            case ErrorBody error -> {
                check(error.status() == answer.status(), "the error body names the status", answer);
                check(!error.error().startsWith("the body could not be read:")
                        && !error.error().startsWith("could not read the body:"),
                        "no reader failed unexpectedly (the intake logs those as bugs)", answer);
                check(error.error().length() <= BodyOutcome.MAX_MESSAGE_CHARS, "the reason is short", answer);
                check(delivered.isEmpty(), "downstream got nothing", answer);
            }
            default -> throw new AssertionError("an answer of an undocumented type: " + answer);
        }
        return answer;
    }

    private static HttpEventIntake intake(RecordingSink downstream) {
        HttpAdmission admission = new HttpAdmission(downstream, BodyOutcome.SETTINGS.admissionWait());
        admission.open();
        return new HttpEventIntake(BodyOutcome.SETTINGS, admission, new HttpMetrics(new SimpleMeterRegistry()));
    }

    private static void check(boolean holds, String what, IntakeResponse answer) {
        if (!holds) {
            throw new AssertionError("broken invariant: " + what + ", in " + answer);
        }
    }
}
