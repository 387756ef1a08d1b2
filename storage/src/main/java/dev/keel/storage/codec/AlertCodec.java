package dev.keel.storage.codec;

import dev.keel.storage.Alert;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;

/** Alerts as rows of the {@code alerts} table. */
public final class AlertCodec implements RowCodec<Alert> {

    public static final AlertCodec INSTANCE = new AlertCodec();

    private AlertCodec() {}

    @Override
    public String table() {
        return "alerts";
    }

    @Override
    public String id(Alert row) {
        return row.alertId();
    }

    @Override
    public void write(Alert row, JsonGenerator out) {
        out.writeStartObject();
        Json.field(out, "alert_id", row.alertId());
        Json.field(out, "rule_id", row.ruleId());
        Json.field(out, "rule_title", row.ruleTitle());
        Json.field(out, "level", row.level());
        out.writeName("timestamp");
        out.writeNumber(row.timestamp());
        Json.field(out, "group_key", row.groupKey());
        out.writeName("event_ids");
        out.writeStartArray();
        for (String id : row.eventIds()) {
            out.writeString(id);
        }
        out.writeEndArray();
        Json.field(out, "summary", row.summary());
        out.writeEndObject();
    }

    @Override
    public Alert read(JsonNode node) {
        return new Alert(
                Json.text(node, "alert_id"),
                Json.text(node, "rule_id"),
                Json.text(node, "rule_title"),
                Json.text(node, "level"),
                Json.number(node, "timestamp"),
                Json.text(node, "group_key"),
                Json.strings(node, "event_ids"),
                Json.text(node, "summary"));
    }
}
