package dev.keel.ingest.syslog;

import dev.keel.ingest.support.EventInvariants;
import dev.keel.storage.Event;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the syslog fuzz tests require of a parsed message and of the event a frame maps to, and
 * an RFC 5424 writer for the round trip. Plain checks rather than AssertJ: they run millions of
 * times while fuzzing.
 */
final class SyslogMessageChecks {

    static final String PEER = "192.0.2.1:514";
    private static final char BOM = '\uFEFF';

    private SyslogMessageChecks() {}

    /**
     * The fields RFC 5424 delimits by spaces are absent (null, never "-" or empty) or hold no
     * space; structured data names are SD-NAMEs and each value a string or, for a repeated
     * PARAM-NAME, a list of at least two; MSG is absent rather than empty.
     */
    static void assertWellFormed5424(SyslogMessage message, int facility, int severity) {
        check("rfc5424".equals(message.format()), "the format is rfc5424", message);
        check(message.facility() == facility && message.severity() == severity, "facility and severity from the PRI",
                message);
        for (String field : new String[] {message.hostname(), message.appName(), message.procId(), message.msgId()}) {
            check(field == null || !field.isEmpty() && !field.equals("-") && field.indexOf(' ') < 0,
                    "a header field is absent or a non-empty token without spaces", message);
        }
        check(message.structuredData() != null, "structured data is never null", message);
        message.structuredData().forEach((id, parameters) -> {
            check(isSdName(id), "an SD-ID is an SD-NAME", message);
            parameters.forEach((name, value) -> {
                check(isSdName(name), "a PARAM-NAME is an SD-NAME", message);
                check(value instanceof String
                        || value instanceof List<?> list && list.size() >= 2
                                && list.stream().allMatch(String.class::isInstance),
                        "a PARAM-VALUE is a string, or a list of them for a repeated name", message);
            });
        });
        check(message.message() == null || !message.message().isEmpty(), "MSG is absent rather than empty", message);
    }

    /**
     * HOSTNAME is absent or a token without spaces, TAG absent or 1 to 48 tag characters, PID
     * absent or non-empty, MSG absent rather than empty.
     */
    static void assertWellFormed3164(SyslogMessage message, int facility, int severity) {
        check("rfc3164".equals(message.format()), "the format is rfc3164", message);
        check(message.facility() == facility && message.severity() == severity, "facility and severity from the PRI",
                message);
        check(message.hostname() == null || !message.hostname().isEmpty() && message.hostname().indexOf(' ') < 0,
                "HOSTNAME is absent or a token without spaces", message);
        String tag = message.appName();
        int maxTag = 48;
        check(tag == null || !tag.isEmpty() && tag.length() <= maxTag
                && tag.chars().allMatch(SyslogMessageChecks::isTagChar),
                "TAG is absent or 1 to 48 printable characters without ':', '[' or ']'", message);
        check(message.procId() == null || tag != null && !message.procId().isEmpty(),
                "a PID comes with a TAG and is not empty", message);
        check(message.msgId() == null && message.structuredData().isEmpty(), "no MSGID or structured data in RFC 3164",
                message);
        check(message.message() == null || !message.message().isEmpty(), "MSG is absent rather than empty", message);
    }

    /**
     * Maps {@code text} as a TCP frame: a parsed message keeps its fields, a broken one becomes a
     * raw event holding the whole text and the reason (never "the parser failed", a bug); either
     * way the event is one storage can keep.
     */
    static void assertMapsWell(SyslogEventMapper mapper, String text, Parse parse, long receivedAt) {
        SyslogMessage parsed = parse.message();
        SyslogFrame frame = new SyslogFrame(text.getBytes(StandardCharsets.UTF_8), SyslogTransport.TCP, PEER,
                receivedAt, null);
        SyslogEventMapper.Mapped mapped = mapper.map(frame);
        Event event = mapped.event();
        EventInvariants.assertWellFormed(event, SyslogEventMapper.SOURCE, receivedAt);
        Object error = event.attributes().get(SyslogEventMapper.PARSE_ERROR);
        if (parsed != null) {
            check(!mapped.malformed() && error == null, "a parsed frame maps to a parsed event", parsed);
            check(Objects.equals(event.host(), parsed.hostname()) && Objects.equals(event.message(), parsed.message())
                    && event.severity().equals(SyslogCodes.severity(parsed.severity()))
                    && event.attributes().get("facility").equals(SyslogCodes.facility(parsed.facility()))
                    && Objects.equals(event.attributes().get("app_name"), parsed.appName())
                    && Objects.equals(event.attributes().get("proc_id"), parsed.procId()),
                    "the event keeps the message's fields", parsed);
            long expected = parsed.timestamp() == null ? receivedAt : parsed.timestamp();
            check(event.timestamp() == expected,
                    "the event's time is the message's, else the receive time", parsed);
        } else {
            check(mapped.malformed() && parse.error().equals(error),
                    "a broken frame maps to a raw event with its reason", event);
            check(event.message().equals(new String(frame.bytes(), StandardCharsets.UTF_8)),
                    "a raw event keeps the whole frame", event);
        }
    }

    /** {@code message} as RFC 5424 text with PRI and version; a timestamp outside years 0 to 9999 (UTC) is left out. */
    static String write5424(SyslogMessage message) {
        StringBuilder text = new StringBuilder("<").append(message.facility() * 8 + message.severity()).append(">1 ");
        text.append(utcTimestamp(message.timestamp())).append(' ');
        for (String field : new String[] {message.hostname(), message.appName(), message.procId(), message.msgId()}) {
            text.append(field == null ? "-" : field).append(' ');
        }
        if (message.structuredData().isEmpty()) {
            text.append('-');
        }
        message.structuredData().forEach((id, parameters) -> {
            text.append('[').append(id);
            parameters.forEach((name, value) -> {
                for (Object each : value instanceof List<?> list ? list : List.of(value)) {
                    text.append(' ').append(name).append("=\"").append(escape((String) each)).append('"');
                }
            });
            text.append(']');
        });
        if (message.message() != null) {
            text.append(' ').append(BOM).append(message.message());
        }
        return text.toString();
    }

    /** {@code message} as {@link #write5424} can write it: without a timestamp it cannot. */
    static SyslogMessage writable(SyslogMessage message) {
        return utcTimestamp(message.timestamp()).equals("-")
                ? new SyslogMessage(message.format(), message.facility(), message.severity(), null,
                        message.hostname(), message.appName(), message.procId(), message.msgId(),
                        message.structuredData(), message.message())
                : message;
    }

    private static String utcTimestamp(Long millis) {
        if (millis == null) {
            return "-";
        }
        String text = Instant.ofEpochMilli(millis).toString();
        return text.indexOf('-') == 4 ? text : "-"; // not "+10000-..." nor "-0001-..."
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("]", "\\]");
    }

    private static boolean isSdName(String name) {
        return !name.isEmpty() && name.chars().allMatch(c -> c > ' ' && c < 127 && c != '=' && c != ']' && c != '"');
    }

    private static boolean isTagChar(int c) {
        return c > ' ' && c < 127 && c != ':' && c != '[' && c != ']';
    }

    static void check(boolean holds, String what, Object subject) {
        if (!holds) {
            throw new AssertionError("broken invariant: " + what + ", in " + subject);
        }
    }

    /** A parse: the message, or the reason there is none. */
    record Parse(SyslogMessage message, String error) {

        /** A parser call that may refuse the text. */
        @FunctionalInterface
        interface Call {
            SyslogMessage parse() throws SyslogParseException;
        }

        /** Calls {@code call}; an exception other than {@link SyslogParseException} escapes as it is: a finding. */
        static Parse of(Call call) {
            try {
                return new Parse(call.parse(), null);
            } catch (SyslogParseException e) {
                check(e.getMessage() != null && !e.getMessage().isBlank(), "a parse error says what is wrong", e);
                return new Parse(null, e.getMessage());
            }
        }
    }
}
