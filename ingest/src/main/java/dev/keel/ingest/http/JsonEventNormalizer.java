package dev.keel.ingest.http;

import dev.keel.ingest.event.EventIds;
import dev.keel.ingest.event.Rfc3339;
import dev.keel.storage.Event;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Turns one parsed JSON object into an {@link Event}: {@code event_id} kept (a string of 1 to
 * 128 characters) or generated, {@code timestamp} as epoch milliseconds or RFC 3339 (absent or
 * null: the receive time), the common fields {@code host}, {@code user}, {@code action},
 * {@code src_ip}, {@code severity}, {@code message} mapped, every other field kept unchanged in
 * the attributes. A {@code timestamp} that is neither epoch milliseconds nor RFC 3339 does not
 * cost the event: it takes the receive time and keeps the client's value in the attribute
 * {@code timestamp_invalid}. Any other field of the wrong type makes the event invalid rather
 * than being dropped. Shippers that write Elastic Common Schema (Winlogbeat, Filebeat) are
 * understood: {@code @timestamp} stands for an absent {@code timestamp}, and a {@code host} or
 * {@code user} object gives its {@code name} as the common field and stays in the attributes
 * whole ({@code host.os.family} remains readable).
 */
final class JsonEventNormalizer {

    static final String SOURCE = "http";
    static final String TIMESTAMP_INVALID = "timestamp_invalid";
    static final String LOGSOURCE = "logsource";
    static final int MAX_EVENT_ID_CHARS = 128;
    /** 9999-12-31T23:59:59.999Z: beyond it a "timestamp" is surely not epoch milliseconds. */
    static final long MAX_EPOCH_MILLIS = 253_402_300_799_999L;

    /** The event, and whether its timestamp was replaced by the receive time (for the meter). */
    record Normalized(Event event, boolean timestampInvalid) {}

    Normalized normalize(Map<String, Object> fields, long receivedAt) throws InvalidEventException {
        return normalize(fields, receivedAt, Map.of());
    }

    /** @param logsource the {@code logsource} attribute the event gets unless it carries one, or empty */
    Normalized normalize(Map<String, Object> fields, long receivedAt, Map<String, String> logsource)
            throws InvalidEventException {
        String eventId = eventId(fields.remove("event_id"), receivedAt);
        Object given = fields.containsKey("timestamp") ? fields.remove("timestamp") : fields.remove("@timestamp");
        Long timestamp = given == null ? Long.valueOf(receivedAt) : timestamp(given);
        String host = nameOrText(fields, "host");
        String user = nameOrText(fields, "user");
        String action = text(fields, "action");
        String srcIp = text(fields, "src_ip");
        String severity = text(fields, "severity");
        String message = text(fields, "message");
        if (timestamp == null) {
            fields.put(TIMESTAMP_INVALID, given);
        }
        if (!logsource.isEmpty() && !carriesLogSource(fields)) {
            fields.put(LOGSOURCE, logsource);
        }
        Event event = new Event(eventId, timestamp == null ? receivedAt : timestamp, receivedAt, SOURCE, host, user,
                action, srcIp, severity, message, Collections.unmodifiableMap(fields));
        return new Normalized(event, timestamp == null);
    }

    private static String eventId(Object value, long receivedAt) throws InvalidEventException {
        if (value == null) {
            return EventIds.next(receivedAt);
        }
        if (!(value instanceof String id)) {
            throw new InvalidEventException("event_id must be a string, got " + kind(value));
        }
        if (id.isEmpty() || id.length() > MAX_EVENT_ID_CHARS) {
            throw new InvalidEventException("event_id must be 1 to " + MAX_EVENT_ID_CHARS + " characters, got "
                    + id.length());
        }
        return id;
    }

    /** Epoch milliseconds from an integer in range or an RFC 3339 string; null for anything else. */
    private static Long timestamp(Object value) {
        if (value instanceof String text) {
            try {
                return Rfc3339.toEpochMillis(text);
            } catch (DateTimeException notRfc3339) {
                return null;
            }
        }
        if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
            BigInteger millis = new BigInteger(value.toString());
            boolean inRange = millis.signum() >= 0 && millis.compareTo(BigInteger.valueOf(MAX_EPOCH_MILLIS)) <= 0;
            return inRange ? millis.longValue() : null;
        }
        return null;
    }

    private static boolean carriesLogSource(Map<String, Object> fields) {
        return fields.containsKey(LOGSOURCE) || fields.containsKey("logsource.product")
                || fields.containsKey("logsource.category") || fields.containsKey("logsource.service");
    }

    /** An ECS object's {@code name} (the object stays an attribute), or else the plain common field. */
    private static String nameOrText(Map<String, Object> fields, String name) throws InvalidEventException {
        if (fields.get(name) instanceof Map<?, ?> object) {
            Object inner = object.get("name");
            return inner instanceof String || inner instanceof Number ? inner.toString() : null;
        }
        return text(fields, name);
    }

    /** Removes a common field and returns it as text; numbers and booleans are written out. */
    private static String text(Map<String, Object> fields, String name) throws InvalidEventException {
        Object value = fields.remove(name);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        throw new InvalidEventException(name + " must be a string, number or boolean, got " + kind(value));
    }

    private static String kind(Object value) {
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof List) {
            return "an array";
        }
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        if (value instanceof Double || value instanceof Float || value instanceof java.math.BigDecimal) {
            return "a fractional number";
        }
        return "a number";
    }
}
