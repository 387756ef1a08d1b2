package dev.keel.storage.codec;

import static dev.keel.storage.backend.EventColumn.ACTION;
import static dev.keel.storage.backend.EventColumn.ATTRIBUTES;
import static dev.keel.storage.backend.EventColumn.EVENT_ID;
import static dev.keel.storage.backend.EventColumn.HOST;
import static dev.keel.storage.backend.EventColumn.MESSAGE;
import static dev.keel.storage.backend.EventColumn.RECEIVED_AT;
import static dev.keel.storage.backend.EventColumn.SEVERITY;
import static dev.keel.storage.backend.EventColumn.SOURCE;
import static dev.keel.storage.backend.EventColumn.SRC_IP;
import static dev.keel.storage.backend.EventColumn.TIMESTAMP;
import static dev.keel.storage.backend.EventColumn.USER;

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
    public long timestamp(Event row) {
        return row.timestamp();
    }

    @Override
    public void write(Event row, JsonGenerator out) {
        String attributes = Json.attributesJson(row.attributes(), row.eventId());
        out.writeStartObject();
        Json.field(out, EVENT_ID, row.eventId());
        Json.field(out, TIMESTAMP, row.timestamp());
        Json.field(out, RECEIVED_AT, row.receivedAt());
        Json.field(out, SOURCE, row.source());
        Json.field(out, HOST, row.host());
        Json.field(out, USER, row.user());
        Json.field(out, ACTION, row.action());
        Json.field(out, SRC_IP, row.srcIp());
        Json.field(out, SEVERITY, row.severity());
        Json.field(out, MESSAGE, row.message());
        Json.field(out, ATTRIBUTES, attributes);
        out.writeEndObject();
    }

    @Override
    public Event read(JsonNode node) {
        return new Event(
                Json.text(node, EVENT_ID),
                Json.number(node, TIMESTAMP),
                Json.number(node, RECEIVED_AT),
                Json.text(node, SOURCE),
                Json.text(node, HOST),
                Json.text(node, USER),
                Json.text(node, ACTION),
                Json.text(node, SRC_IP),
                Json.text(node, SEVERITY),
                Json.text(node, MESSAGE),
                Json.attributes(Json.text(node, ATTRIBUTES)));
    }
}
