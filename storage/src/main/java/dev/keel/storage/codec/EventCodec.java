package dev.keel.storage.codec;

import dev.keel.storage.Event;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;

/** Events as rows of the {@code events} table; {@code attributes} is kept as JSON text. */
public final class EventCodec implements RowCodec<Event> {

    public static final EventCodec INSTANCE = new EventCodec();

    private EventCodec() {}

    @Override
    public String table() {
        return "events";
    }

    @Override
    public String id(Event row) {
        return row.eventId();
    }

    @Override
    public void write(Event row, JsonGenerator out) {
        String attributes = Json.attributesJson(row.attributes(), row.eventId());
        out.writeStartObject();
        Json.field(out, "event_id", row.eventId());
        out.writeName("timestamp");
        out.writeNumber(row.timestamp());
        out.writeName("received_at");
        out.writeNumber(row.receivedAt());
        Json.field(out, "source", row.source());
        Json.field(out, "host", row.host());
        Json.field(out, "user", row.user());
        Json.field(out, "action", row.action());
        Json.field(out, "src_ip", row.srcIp());
        Json.field(out, "severity", row.severity());
        Json.field(out, "message", row.message());
        Json.field(out, "attributes", attributes);
        out.writeEndObject();
    }

    @Override
    public Event read(JsonNode node) {
        return new Event(
                Json.text(node, "event_id"),
                Json.number(node, "timestamp"),
                Json.number(node, "received_at"),
                Json.text(node, "source"),
                Json.text(node, "host"),
                Json.text(node, "user"),
                Json.text(node, "action"),
                Json.text(node, "src_ip"),
                Json.text(node, "severity"),
                Json.text(node, "message"),
                Json.attributes(Json.text(node, "attributes")));
    }
}
