package dev.keel.storage.codec;

import dev.keel.storage.backend.DeadLetter;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;

/** Dead letters as rows of the {@code dead_letters} table, and as lines of the local dead-letter files. */
public final class DeadLetterCodec implements RowCodec<DeadLetter> {

    public static final DeadLetterCodec INSTANCE = new DeadLetterCodec();

    private DeadLetterCodec() {}

    @Override
    public String table() {
        return "dead_letters";
    }

    @Override
    public String id(DeadLetter row) {
        return row.rowId();
    }

    @Override
    public void write(DeadLetter row, JsonGenerator out) {
        out.writeStartObject();
        out.writeName("failed_at");
        out.writeNumber(row.failedAt());
        Json.field(out, "table_name", row.table());
        Json.field(out, "row_id", row.rowId());
        Json.field(out, "reason", row.reason());
        Json.field(out, "payload", row.payload());
        out.writeEndObject();
    }

    @Override
    public DeadLetter read(JsonNode node) {
        return new DeadLetter(Json.number(node, "failed_at"), Json.text(node, "table_name"), Json.text(node, "row_id"),
                Json.text(node, "reason"), Json.text(node, "payload"));
    }
}
