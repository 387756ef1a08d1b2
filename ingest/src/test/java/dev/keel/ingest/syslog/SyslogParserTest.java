package dev.keel.ingest.syslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyslogParserTest {

    private static final ZoneId ZONE = ZoneOffset.UTC;
    private static final long RECEIVED = Instant.parse("2026-11-24T10:00:00Z").toEpochMilli();

    private final SyslogParser parser = new SyslogParser(ZONE);

    @Test
    void readsEveryFieldOfAnRfc5424Message() throws Exception {
        SyslogMessage message = parser.parse("<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog 42 ID47"
                + " [exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"][examplePriority@32473"
                + " class=\"high\"] \uFEFFAn application event log entry...", RECEIVED);

        assertThat(message.format()).isEqualTo("rfc5424");
        assertThat(message.facility()).isEqualTo(20);
        assertThat(message.severity()).isEqualTo(5);
        assertThat(message.timestamp()).isEqualTo(Instant.parse("2003-10-11T22:14:15.003Z").toEpochMilli());
        assertThat(message.hostname()).isEqualTo("mymachine.example.com");
        assertThat(message.appName()).isEqualTo("evntslog");
        assertThat(message.procId()).isEqualTo("42");
        assertThat(message.msgId()).isEqualTo("ID47");
        assertThat(message.structuredData()).containsExactly(
                Map.entry("exampleSDID@32473", Map.of("iut", "3", "eventSource", "Application", "eventID", "1011")),
                Map.entry("examplePriority@32473", Map.of("class", "high")));
        assertThat(message.message()).isEqualTo("An application event log entry...");
    }

    @Test
    void rfc5424NilValuesAreAbsentAndAnOffsetIsHonoured() throws Exception {
        SyslogMessage message = parser.parse("<34>1 2003-08-24T05:14:15.000003-07:00 - - - - -", RECEIVED);

        assertThat(message.timestamp()).isEqualTo(Instant.parse("2003-08-24T12:14:15Z").toEpochMilli());
        assertThat(message.hostname()).isNull();
        assertThat(message.appName()).isNull();
        assertThat(message.procId()).isNull();
        assertThat(message.msgId()).isNull();
        assertThat(message.structuredData()).isEmpty();
        assertThat(message.message()).isNull();
    }

    @Test
    void rfc5424ParamValuesUnescapeQuotesBackslashesAndBrackets() throws Exception {
        SyslogMessage message = parser.parse("<13>1 - host app - - [x@1 v=\"a\\\"b\\\\c\\]d\"] msg", RECEIVED);

        assertThat(message.structuredData().get("x@1")).containsEntry("v", "a\"b\\c]d");
        assertThat(message.message()).isEqualTo("msg");
    }

    @Test
    void aRepeatedParamNameKeepsEveryValueInOrder() throws Exception {
        SyslogMessage message = parser.parse("<13>1 - host app - - [a x=\"1\" x=\"2\" y=\"3\" x=\"4\"][b x=\"5\"] msg",
                RECEIVED);

        assertThat(message.structuredData()).containsExactly(
                Map.entry("a", Map.of("x", List.of("1", "2", "4"), "y", "3")),
                Map.entry("b", Map.of("x", "5")));
    }

    @Test
    void aTimestampBeyondWhatEpochMillisecondsCanHoldIsReportedNotThrown() {
        assertThatThrownBy(() -> parser.parse("<13>1 +999999999-12-31T23:59:59Z host app - - - msg", RECEIVED))
                .isInstanceOf(SyslogParseException.class)
                .hasMessage("RFC 5424 TIMESTAMP \"+999999999-12-31T23:59:59Z\" is not an RFC 3339 date-time");
    }

    @Test
    void whatLoggerSendsIsUnderstood() throws Exception {
        SyslogMessage message = parser.parse("<13>1 2026-11-24T00:29:33.698184+00:00 vm root - - [timeQuality"
                + " tzKnown=\"1\" isSynced=\"0\"] hello world", RECEIVED);

        assertThat(message.hostname()).isEqualTo("vm");
        assertThat(message.appName()).isEqualTo("root");
        assertThat(message.structuredData()).containsKey("timeQuality");
        assertThat(message.message()).isEqualTo("hello world");
    }

    @Test
    void brokenRfc5424MessagesAreReportedWithWhatIsWrong() {
        assertThatThrownBy(() -> parser.parse("<13>1 yesterday host app - - - msg", RECEIVED))
                .hasMessageContaining("TIMESTAMP \"yesterday\" is not an RFC 3339 date-time");
        assertThatThrownBy(() -> parser.parse("<13>1 - host", RECEIVED))
                .hasMessageContaining("header ends in HOSTNAME; APP-NAME is missing");
        assertThatThrownBy(() -> parser.parse("<13>1 - host app - - [unclosed a=\"b\"", RECEIVED))
                .hasMessageContaining("expected ']'");
        assertThatThrownBy(() -> parser.parse("<13>1 - host app - - nosd", RECEIVED))
                .hasMessageContaining("STRUCTURED-DATA must be '-' or start with '['");
        assertThatThrownBy(() -> parser.parse("<13>1 - host app - - [a@1][a@1]", RECEIVED))
                .hasMessageContaining("SD-ID a@1 appears more than once");
    }

    @Test
    void aMissingOrInvalidPriIsReported() {
        assertThatThrownBy(() -> parser.parse("no pri at all", RECEIVED)).hasMessageContaining("no PRI");
        assertThatThrownBy(() -> parser.parse("<192>1 - - - - - -", RECEIVED)).hasMessageContaining("above 191");
        assertThatThrownBy(() -> parser.parse("<1a>x", RECEIVED)).hasMessageContaining("1 to 3 digits");
        assertThatThrownBy(() -> parser.parse("<>x", RECEIVED)).hasMessageContaining("1 to 3 digits");
    }

    @Test
    void readsAnRfc3164MessageWithTagAndPid() throws Exception {
        SyslogMessage message = parser.parse("<34>Oct 11 22:14:15 mymachine su[230]: 'su root' failed for lonvick",
                RECEIVED);

        assertThat(message.format()).isEqualTo("rfc3164");
        assertThat(message.facility()).isEqualTo(4);
        assertThat(message.severity()).isEqualTo(2);
        assertThat(message.timestamp())
                .isEqualTo(LocalDateTime.of(2026, 10, 11, 22, 14, 15).toInstant(ZoneOffset.UTC).toEpochMilli());
        assertThat(message.hostname()).isEqualTo("mymachine");
        assertThat(message.appName()).isEqualTo("su");
        assertThat(message.procId()).isEqualTo("230");
        assertThat(message.message()).isEqualTo("'su root' failed for lonvick");
    }

    @Test
    void rfc3164WithASpacePaddedDayAndNoHostname() throws Exception {
        SyslogMessage message = parser.parse("<13>Nov  4 09:00:01 cron: job done", RECEIVED);

        assertThat(message.timestamp())
                .isEqualTo(LocalDateTime.of(2026, 11, 4, 9, 0, 1).toInstant(ZoneOffset.UTC).toEpochMilli());
        assertThat(message.hostname()).isNull();
        assertThat(message.appName()).isEqualTo("cron");
        assertThat(message.message()).isEqualTo("job done");
    }

    @Test
    void aDecemberTimestampReceivedInJanuaryIsLastYears() throws Exception {
        long newYear = Instant.parse("2027-01-01T00:00:05Z").toEpochMilli();

        SyslogMessage message = parser.parse("<13>Dec 31 23:59:59 host app: late", newYear);

        assertThat(message.timestamp()).isEqualTo(Instant.parse("2026-12-31T23:59:59Z").toEpochMilli());
    }

    @Test
    void rfc3164WithAnRfc3339TimestampAsRsyslogForwardsIt() throws Exception {
        SyslogMessage message = parser.parse("<13>2026-11-24T08:00:00.5+01:00 web nginx: GET /", RECEIVED);

        assertThat(message.timestamp()).isEqualTo(Instant.parse("2026-11-24T07:00:00.500Z").toEpochMilli());
        assertThat(message.hostname()).isEqualTo("web");
        assertThat(message.appName()).isEqualTo("nginx");
        assertThat(message.message()).isEqualTo("GET /");
    }

    @Test
    void rfc3164WithoutTimestampKeepsTheRestAsMessage() throws Exception {
        SyslogMessage message = parser.parse("<13>just some text", RECEIVED);

        assertThat(message.timestamp()).isNull();
        assertThat(message.hostname()).isNull();
        assertThat(message.appName()).isNull();
        assertThat(message.message()).isEqualTo("just some text");
    }
}
