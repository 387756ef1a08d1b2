package dev.keel.storage.codec;

import static dev.keel.storage.backend.AlertColumn.ALERT_ID;
import static dev.keel.storage.backend.AlertColumn.EVENT_IDS;
import static dev.keel.storage.backend.AlertColumn.GROUP_KEY;
import static dev.keel.storage.backend.AlertColumn.LEVEL;
import static dev.keel.storage.backend.AlertColumn.RULE_ID;
import static dev.keel.storage.backend.AlertColumn.RULE_TITLE;
import static dev.keel.storage.backend.AlertColumn.SUMMARY;
import static dev.keel.storage.backend.AlertColumn.TIMESTAMP;

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
    public long timestamp(Alert row) {
        return row.timestamp();
    }

    @Override
    public void write(Alert row, JsonGenerator out) {
        out.writeStartObject();
        Json.field(out, ALERT_ID, row.alertId());
        Json.field(out, RULE_ID, row.ruleId());
        Json.field(out, RULE_TITLE, row.ruleTitle());
        Json.field(out, LEVEL, row.level());
        Json.field(out, TIMESTAMP, row.timestamp());
        Json.field(out, GROUP_KEY, row.groupKey());
        out.writeName(EVENT_IDS.column());
        out.writeStartArray();
        for (String id : row.eventIds()) {
            out.writeString(id);
        }
        out.writeEndArray();
        Json.field(out, SUMMARY, row.summary());
        out.writeEndObject();
    }

    @Override
    public Alert read(JsonNode node) {
        return new Alert(
                Json.text(node, ALERT_ID),
                Json.text(node, RULE_ID),
                Json.text(node, RULE_TITLE),
                Json.text(node, LEVEL),
                Json.number(node, TIMESTAMP),
                Json.text(node, GROUP_KEY),
                Json.strings(node, EVENT_IDS),
                Json.text(node, SUMMARY));
    }
}
