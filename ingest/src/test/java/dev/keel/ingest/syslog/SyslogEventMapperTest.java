package dev.keel.ingest.syslog;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.storage.Event;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyslogEventMapperTest {

    private static final long RECEIVED = Instant.parse("2026-11-24T10:00:00Z").toEpochMilli();

    private final SyslogEventMapper mapper = new SyslogEventMapper(ZoneOffset.UTC);

    @Test
    void aParsedMessageMapsToCommonFieldsAndAttributes() {
        SyslogEventMapper.Mapped mapped = mapper.map(frame(
                "<163>1 2026-11-24T09:59:59.250Z web01 sshd 4242 AUTH [meta@1 k=\"v\"] login failed", null));

        Event event = mapped.event();
        assertThat(mapped.malformed()).isFalse();
        assertThat(event.eventId()).hasSize(36);
        assertThat(event.timestamp()).isEqualTo(Instant.parse("2026-11-24T09:59:59.250Z").toEpochMilli());
        assertThat(event.receivedAt()).isEqualTo(RECEIVED);
        assertThat(event.source()).isEqualTo("syslog");
        assertThat(event.host()).isEqualTo("web01");
        assertThat(event.severity()).isEqualTo("err");
        assertThat(event.message()).isEqualTo("login failed");
        assertThat(event.attributes()).containsEntry("facility", "local4").containsEntry("app_name", "sshd")
                .containsEntry("proc_id", "4242").containsEntry("msg_id", "AUTH")
                .containsEntry("structured_data", Map.of("meta@1", Map.of("k", "v")))
                .containsEntry("syslog_format", "rfc5424").containsEntry("transport", "tcp")
                .containsEntry("peer", "127.0.0.1:5000").doesNotContainKey("parse_error");
    }

    @Test
    void theListenersLogSourceIsStampedOnEveryEventParsedOrNot() {
        SyslogEventMapper linux = new SyslogEventMapper(ZoneOffset.UTC, Map.of("product", "linux", "service", "auth"));
        Map<String, String> logsource = Map.of("product", "linux", "service", "auth");

        assertThat(linux.map(frame("<38>1 2026-11-24T09:59:59Z h sshd - - - ok", null)).event().attributes())
                .containsEntry("logsource", logsource);
        assertThat(linux.map(frame("\u0000 not syslog at all", "cut")).event().attributes())
                .containsEntry("logsource", logsource);
        assertThat(mapper.map(frame("<38>1 2026-11-24T09:59:59Z h sshd - - - ok", null)).event().attributes())
                .as("none configured").doesNotContainKey("logsource");
    }

    @Test
    void aMessageWithoutTimestampTakesTheReceiveTime() {
        Event event = mapper.map(frame("<13>no timestamp here", null)).event();

        assertThat(event.timestamp()).isEqualTo(RECEIVED);
    }

    @Test
    void aMalformedFrameIsKeptWholeAsARawEventMarkedWithTheParseError() {
        SyslogEventMapper.Mapped mapped = mapper.map(frame("garbage without pri", null));

        assertThat(mapped.malformed()).isTrue();
        assertThat(mapped.event().message()).isEqualTo("garbage without pri");
        assertThat(mapped.event().timestamp()).isEqualTo(RECEIVED);
        assertThat(mapped.event().attributes()).containsEntry("parse_error",
                "no PRI: a syslog message starts with '<'");
    }

    @Test
    void aFrameWithAFramingErrorIsRawEvenIfItWouldParse() {
        SyslogEventMapper.Mapped mapped = mapper.map(frame("<13>cut sh", "incomplete frame: idle before its newline"));

        assertThat(mapped.malformed()).isTrue();
        assertThat(mapped.event().message()).isEqualTo("<13>cut sh");
        assertThat(mapped.event().attributes()).containsEntry("parse_error", "incomplete frame: idle before its newline");
    }

    @Test
    void aParserFailingWithAnUnexpectedExceptionStillGivesARawEventMarkedWithTheFailure() {
        SyslogEventMapper buggy = new SyslogEventMapper((text, receivedAt) -> {
            throw new ArithmeticException("long overflow");
        });

        SyslogEventMapper.Mapped mapped = buggy.map(frame("<13>1 - h a - - - fine", null));

        assertThat(mapped.malformed()).isTrue();
        assertThat(mapped.event().message()).isEqualTo("<13>1 - h a - - - fine");
        assertThat(mapped.event().timestamp()).isEqualTo(RECEIVED);
        assertThat(mapped.event().attributes()).containsEntry("parse_error",
                "the parser failed: java.lang.ArithmeticException: long overflow");
    }

    @Test
    void aTimestampBeyondWhatEpochMillisecondsCanHoldMakesARawEvent() {
        SyslogEventMapper.Mapped mapped = mapper.map(frame("<13>1 +999999999-12-31T23:59:59Z h a - - - far", null));

        assertThat(mapped.malformed()).isTrue();
        assertThat(mapped.event().attributes().get("parse_error")).asString()
                .contains("TIMESTAMP \"+999999999-12-31T23:59:59Z\" is not an RFC 3339 date-time");
    }

    private static SyslogFrame frame(String text, String error) {
        return new SyslogFrame(text.getBytes(UTF_8), "tcp", "127.0.0.1:5000", RECEIVED, error);
    }
}
