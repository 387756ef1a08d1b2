package dev.keel.ingest.syslog;

import dev.keel.ingest.event.EventIds;
import dev.keel.storage.Event;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a frame into an {@link Event}: a parsed message maps HOSTNAME to {@code host}, the
 * severity keyword to {@code severity}, MSG to {@code message}, and keeps facility, app name,
 * proc id, msg id, structured data, format, transport and peer as attributes. A frame that
 * cannot be parsed (or was cut short) is kept whole as a raw event: its text in
 * {@code message}, the reason in the attribute {@code parse_error}. So is a frame the parser
 * fails on with an unexpected exception (a parser bug): no frame sinks the batch it is in.
 * Thread-safe.
 */
final class SyslogEventMapper {

    static final String SOURCE = "syslog";
    static final String PARSE_ERROR = "parse_error";

    private static final Logger log = LoggerFactory.getLogger(SyslogEventMapper.class);

    private final MessageParser parser;
    /** The listener's log source, stamped on every event (as its {@code logsource} attribute) unless empty. */
    private final Map<String, String> logsource;
    private final LogThrottle bugLog = new LogThrottle(Duration.ofSeconds(10));

    SyslogEventMapper(ZoneId zone, Map<String, String> logsource) {
        this(new SyslogParser(zone)::parse, logsource);
    }

    SyslogEventMapper(ZoneId zone) {
        this(zone, Map.of());
    }

    /** With another parser: tests use it to stand in for a parser bug. */
    SyslogEventMapper(MessageParser parser) {
        this(parser, Map.of());
    }

    private SyslogEventMapper(MessageParser parser, Map<String, String> logsource) {
        this.parser = parser;
        this.logsource = Map.copyOf(logsource);
    }

    /** Parses a frame's text: {@link SyslogParser#parse}. */
    @FunctionalInterface
    interface MessageParser {
        SyslogMessage parse(String text, long receivedAt) throws SyslogParseException;
    }

    /** The event, and whether it is a raw one (the frame was malformed). */
    record Mapped(Event event, boolean malformed) {}

    Mapped map(SyslogFrame frame) {
        String text = new String(frame.bytes(), StandardCharsets.UTF_8);
        if (frame.frameError() != null) {
            return new Mapped(raw(frame, text, frame.frameError()), true);
        }
        try {
            return new Mapped(parsed(frame, parser.parse(text, frame.receivedAt())), false);
        } catch (SyslogParseException e) {
            return new Mapped(raw(frame, text, e.getMessage()), true);
        } catch (RuntimeException bug) {
            if (bugLog.allow()) {
                log.warn("the syslog parser failed on a frame from {}; kept as a raw event marked with the failure"
                        + " (said at most every 10 s; counted in keel.ingest.syslog.malformed)", frame.peer(), bug);
            }
            return new Mapped(raw(frame, text, "the parser failed: " + bug), true);
        }
    }

    private Event parsed(SyslogFrame frame, SyslogMessage message) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("facility", SyslogCodes.facility(message.facility()));
        putIfPresent(attributes, "app_name", message.appName());
        putIfPresent(attributes, "proc_id", message.procId());
        putIfPresent(attributes, "msg_id", message.msgId());
        if (!message.structuredData().isEmpty()) {
            attributes.put("structured_data", message.structuredData());
        }
        attributes.put("syslog_format", message.format());
        attributes.put("transport", frame.transport());
        attributes.put("peer", frame.peer());
        stampLogSource(attributes);
        long timestamp = message.timestamp() != null ? message.timestamp() : frame.receivedAt();
        return new Event(EventIds.next(frame.receivedAt()), timestamp, frame.receivedAt(), SOURCE,
                message.hostname(), null, null, null, SyslogCodes.severity(message.severity()), message.message(),
                attributes);
    }

    private Event raw(SyslogFrame frame, String text, String error) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put(PARSE_ERROR, error);
        attributes.put("transport", frame.transport());
        attributes.put("peer", frame.peer());
        stampLogSource(attributes);
        return new Event(EventIds.next(frame.receivedAt()), frame.receivedAt(), frame.receivedAt(), SOURCE, null,
                null, null, null, null, text, attributes);
    }

    private void stampLogSource(Map<String, Object> attributes) {
        if (!logsource.isEmpty()) {
            attributes.put("logsource", logsource);
        }
    }

    private static void putIfPresent(Map<String, Object> attributes, String name, String value) {
        if (value != null) {
            attributes.put(name, value);
        }
    }
}
