package dev.keel.ingest.syslog;

import static dev.keel.ingest.syslog.SyslogMessageChecks.check;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.keel.ingest.syslog.SyslogMessageChecks.Parse;
import dev.keel.lifecycle.testing.LeakCheck;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Any bytes as a whole syslog frame, PRI included, parsed in several zones at several receive
 * times (a January day that sees last December's messages, a leap day, a DST change, the last
 * millisecond of a year): a frame with a valid PRI that does not claim RFC 5424 is always read
 * (RFC 3164 is lenient; only the PRI is required), with well-formed fields
 * ({@link SyslogMessageChecks#assertWellFormed3164}) and a BSD timestamp no more than a week
 * after the receive time and less than two years before it; anything else is refused with a
 * {@link SyslogParseException} or read as RFC 5424; and every frame maps to an event storage can
 * keep. Inputs: {@code Rfc3164ParserFuzzTestInputs/parsesAnyFrame/}.
 */
class Rfc3164ParserFuzzTest {

    @RegisterExtension
    static final LeakCheck leaks = LeakCheck.create().perClass();

    private static final List<ZoneId> ZONES = List.of(ZoneId.of("UTC"), ZoneId.of("Europe/Berlin"),
            ZoneId.of("America/St_Johns"), ZoneId.of("Pacific/Kiritimati"), ZoneId.of("Australia/Lord_Howe"));
    private static final List<Long> RECEIVED = List.of(
            Instant.parse("2026-01-03T00:30:00Z").toEpochMilli(),
            Instant.parse("2024-02-29T12:00:00Z").toEpochMilli(),
            Instant.parse("2026-03-29T01:30:00Z").toEpochMilli(),
            Instant.parse("2026-12-31T23:59:59.999Z").toEpochMilli());
    private static final long DAY = 24L * 60 * 60 * 1000;
    private static final Pattern PRI = Pattern.compile("<(\\d{1,3})>");
    private static final Pattern BSD_TIMESTAMP =
            Pattern.compile("(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ 0-9][0-9] \\d\\d:\\d\\d:\\d\\d ");

    private final List<SyslogParser> parsers = ZONES.stream().map(SyslogParser::new).toList();
    private final List<SyslogEventMapper> mappers = ZONES.stream().map(SyslogEventMapper::new).toList();

    @FuzzTest
    void parsesAnyFrame(byte[] frame) {
        String text = new String(frame, StandardCharsets.UTF_8);
        Matcher pri = PRI.matcher(text);
        boolean validPri = pri.lookingAt() && Integer.parseInt(pri.group(1)) <= 191;
        int rest = validPri ? pri.end() : 0;
        boolean claims5424 = validPri && text.startsWith("1 ", rest);
        boolean bsdTimestamp = validPri && BSD_TIMESTAMP.matcher(text).region(rest, text.length()).lookingAt();
        for (int z = 0; z < ZONES.size(); z++) {
            for (long receivedAt : RECEIVED) {
                SyslogParser parser = parsers.get(z);
                Parse parse = Parse.of(() -> parser.parse(text, receivedAt));
                SyslogMessage message = parse.message();
                if (message == null) {
                    check(!validPri || claims5424, "a frame with a valid PRI is read as RFC 3164 (" + parse.error()
                            + ")", text);
                } else if (claims5424) {
                    int code = Integer.parseInt(pri.group(1));
                    SyslogMessageChecks.assertWellFormed5424(message, code / 8, code % 8);
                } else {
                    int code = Integer.parseInt(pri.group(1));
                    SyslogMessageChecks.assertWellFormed3164(message, code / 8, code % 8);
                    Long timestamp = message.timestamp();
                    check(!bsdTimestamp || timestamp == null
                            || timestamp <= receivedAt + 7 * DAY && timestamp > receivedAt - 2 * 366 * DAY,
                            "a BSD timestamp is taken in the year that puts it at most a week after the receive"
                                    + " time (" + ZONES.get(z) + ", received " + Instant.ofEpochMilli(receivedAt) + ")",
                            message);
                }
                SyslogMessageChecks.assertMapsWell(mappers.get(z), text, parse, receivedAt);
            }
        }
    }
}
