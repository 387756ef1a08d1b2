package dev.keel.ingest.syslog;

import static dev.keel.ingest.syslog.SyslogMessageChecks.check;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.keel.ingest.syslog.SyslogMessageChecks.Parse;
import dev.keel.lifecycle.testing.LeakCheck;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Any bytes after {@code <165>1 } (decoded as the mapper decodes a frame: UTF-8, malformed
 * sequences replaced): the RFC 5424 parser either refuses them with a
 * {@link SyslogParseException} or returns a message whose fields are well formed
 * ({@link SyslogMessageChecks#assertWellFormed5424}); written back as RFC 5424 (structured data
 * escaped, MSG after a BOM) it parses to the same message; and the frame maps to an event storage
 * can keep, parsed or raw. Inputs: {@code Rfc5424ParserFuzzTestInputs/parsesAnyMessage/} hold what
 * follows the version, e.g. {@code 2003-10-11T22:14:15.003Z host app - ID47 [id@1 a="b"] msg}.
 */
class Rfc5424ParserFuzzTest {

    @RegisterExtension
    static final LeakCheck leaks = LeakCheck.create().perClass();

    private static final String HEADER = "<165>1 "; // local4.notice
    private static final int FACILITY = 20;
    private static final int SEVERITY = 5;
    /** 2026-01-01T00:00:00Z. */
    private static final long RECEIVED_AT = 1_767_225_600_000L;

    private final Rfc5424Parser parser = new Rfc5424Parser();
    private final SyslogEventMapper mapper = new SyslogEventMapper(ZoneOffset.UTC);

    @FuzzTest
    void parsesAnyMessage(byte[] afterVersion) {
        String text = HEADER + new String(afterVersion, StandardCharsets.UTF_8);
        Parse parse = Parse.of(() -> parser.parse(text, HEADER.length(), FACILITY, SEVERITY));
        SyslogMessage message = parse.message();
        if (message != null) {
            SyslogMessageChecks.assertWellFormed5424(message, FACILITY, SEVERITY);
            String rewritten = SyslogMessageChecks.write5424(message);
            Parse again = Parse.of(() -> parser.parse(rewritten, HEADER.length(), FACILITY, SEVERITY));
            check(SyslogMessageChecks.writable(message).equals(again.message()),
                    "the message written back parses to itself: " + rewritten + " gave " + again, message);
        }
        SyslogMessageChecks.assertMapsWell(mapper, text, parse, RECEIVED_AT);
    }
}
