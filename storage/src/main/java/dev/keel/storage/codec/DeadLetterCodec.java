package dev.keel.storage.codec;

import static dev.keel.storage.backend.DeadLetterColumn.FAILED_AT;
import static dev.keel.storage.backend.DeadLetterColumn.PAYLOAD;
import static dev.keel.storage.backend.DeadLetterColumn.REASON;
import static dev.keel.storage.backend.DeadLetterColumn.ROW_ID;
import static dev.keel.storage.backend.DeadLetterColumn.TABLE_NAME;

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
    public long timestamp(DeadLetter row) {
        return row.failedAt();
    }

    @Override
    public void write(DeadLetter row, JsonGenerator out) {
        out.writeStartObject();
        Json.field(out, FAILED_AT, row.failedAt());
        Json.field(out, TABLE_NAME, row.table());
        Json.field(out, ROW_ID, row.rowId());
        Json.field(out, REASON, row.reason());
        Json.field(out, PAYLOAD, row.payload());
        out.writeEndObject();
    }

    @Override
    public DeadLetter read(JsonNode node) {
        return new DeadLetter(Json.number(node, FAILED_AT), Json.text(node, TABLE_NAME), Json.text(node, ROW_ID),
                Json.text(node, REASON), Json.text(node, PAYLOAD));
    }
}
