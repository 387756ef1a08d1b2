package dev.keel.detect.rule;

import dev.keel.storage.Event;
import java.util.Map;
import java.util.function.Function;

/**
 * The common {@link Event} fields a rule can name. Rules use the JSON names ingest accepts
 * ({@code src_ip}); the record component names ({@code srcIp}) are accepted too. Every other
 * field name is looked up in the event's attributes.
 */
enum EventField {
    EVENT_ID(Event::eventId, "event_id", "eventId"),
    TIMESTAMP(Event::timestamp, "timestamp"),
    RECEIVED_AT(Event::receivedAt, "received_at", "receivedAt"),
    SOURCE(Event::source, "source"),
    HOST(Event::host, "host"),
    USER(Event::user, "user"),
    ACTION(Event::action, "action"),
    SRC_IP(Event::srcIp, "src_ip", "srcIp"),
    SEVERITY(Event::severity, "severity"),
    MESSAGE(Event::message, "message");

    private static final Map<String, EventField> BY_NAME = byName();

    private final Function<Event, Object> accessor;
    private final String[] names;

    EventField(Function<Event, Object> accessor, String... names) {
        this.accessor = accessor;
        this.names = names;
    }

    Object read(Event event) {
        return accessor.apply(event);
    }

    /** False for the bookkeeping fields keyword searches skip. */
    boolean describesWhatHappened() {
        return this != EVENT_ID && this != SOURCE && this != TIMESTAMP && this != RECEIVED_AT;
    }

    /** The common field called {@code name}, or {@code null} for an attribute. */
    static EventField named(String name) {
        return BY_NAME.get(name);
    }

    private static Map<String, EventField> byName() {
        Map<String, EventField> all = new java.util.HashMap<>();
        for (EventField field : values()) {
            for (String name : field.names) {
                all.put(name, field);
            }
        }
        return Map.copyOf(all);
    }
}
