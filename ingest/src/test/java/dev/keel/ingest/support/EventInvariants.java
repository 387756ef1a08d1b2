package dev.keel.ingest.support;

import dev.keel.storage.Event;
import dev.keel.storage.codec.EventCodec;
import dev.keel.storage.codec.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What every event ingest hands downstream must be, whatever a client sent: the fuzz tests check
 * each accepted event against it. Plain checks rather than AssertJ: they run millions of times
 * while fuzzing.
 */
public final class EventInvariants {

    /** 9999-12-31T23:59:59.999Z, the last instant of a four-digit year. */
    public static final long MAX_EPOCH_MILLIS = 253_402_300_799_999L;
    /** The most an RFC 3339 offset can move a local time of year 9999 past {@link #MAX_EPOCH_MILLIS}. */
    private static final long MAX_OFFSET_MILLIS = 18L * 60 * 60 * 1000;
    private static final int MAX_EVENT_ID_CHARS = 128;

    private EventInvariants() {}

    /**
     * The id is 1 to 128 characters with no unpaired surrogate (storage writes it as UTF-8, where
     * every lone surrogate becomes '?', so two distinct ids would collide); the timestamp is one
     * storage can keep (its column is UInt64: at least 0) and at most year 9999; the receive time
     * and source are the ones given; attributes hold plain JSON values only; and storage's codec
     * writes the event and reads it back to the same JSON.
     */
    public static void assertWellFormed(Event event, String source, long receivedAt) {
        String id = event.eventId();
        check(id != null && !id.isEmpty() && id.length() <= MAX_EVENT_ID_CHARS, "the event id is 1 to 128 characters",
                event);
        check(!Surrogates.hasUnpaired(id), "the event id has no unpaired surrogate", event);
        check(Stream.of(event.host(), event.user(), event.action(), event.srcIp(), event.severity(), event.message())
                .noneMatch(text -> text != null && Surrogates.hasUnpaired(text)),
                "no common field has an unpaired surrogate", event);
        check(event.timestamp() >= 0,
                "the timestamp is not before 1970 (storage's column is UInt64)", event);
        check(event.timestamp() <= MAX_EPOCH_MILLIS + MAX_OFFSET_MILLIS, "the timestamp is not after year 9999",
                event);
        check(event.receivedAt() == receivedAt, "receivedAt is the receive time", event);
        check(source.equals(event.source()), "the source is " + source, event);
        check(event.attributes() != null, "attributes are never null", event);
        for (Map.Entry<String, Object> attribute : event.attributes().entrySet()) {
            check(attribute.getKey() != null && !Surrogates.hasUnpaired(attribute.getKey()),
                    "attribute names are not null and have no unpaired surrogate", event);
            checkJsonValue(attribute.getValue(), event);
        }
        byte[] written = Json.encode(EventCodec.INSTANCE, event);
        Event readBack = Json.decode(EventCodec.INSTANCE, written);
        check(Arrays.equals(written, Json.encode(EventCodec.INSTANCE, readBack)),
                "storage's codec reads the event back as it wrote it", event);
    }

    private static void checkJsonValue(Object value, Event event) {
        switch (value) {
            case null -> { }
            case String text -> check(!Surrogates.hasUnpaired(text), "no attribute text has an unpaired surrogate",
                    event);
            case Boolean flag -> { }
            case Integer number -> { }
            case Long number -> { }
            case BigInteger number -> { }
            case BigDecimal number -> { }
            case Double number -> check(Double.isFinite(number), "attribute numbers are finite", event);
            case List<?> list -> list.forEach(element -> checkJsonValue(element, event));
            case Map<?, ?> map -> map.forEach((key, element) -> {
                check(key instanceof String name && !Surrogates.hasUnpaired(name),
                        "nested attribute names are strings without an unpaired surrogate", event);
                checkJsonValue(element, event);
            });
            default -> throw new AssertionError("attribute value of type " + value.getClass().getName()
                    + " is not a JSON value, in " + event);
        }
    }

    private static void check(boolean holds, String what, Event event) {
        if (!holds) {
            throw new AssertionError("broken invariant: " + what + ", in " + event);
        }
    }
}
