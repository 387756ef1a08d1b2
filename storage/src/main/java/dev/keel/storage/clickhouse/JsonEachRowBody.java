package dev.keel.storage.clickhouse;

import dev.keel.storage.backend.BackendException;
import dev.keel.storage.codec.InvalidRowException;
import dev.keel.storage.codec.Json;
import dev.keel.storage.codec.RowCodec;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JsonGenerator;

/** A {@code JSONEachRow} request body: one JSON object per line, encoded straight into one buffer. */
final class JsonEachRowBody {

    private JsonEachRowBody() {}

    /**
     * Encodes the rows. Rows that cannot be encoded (attributes Jackson cannot write) are all
     * found in this one pass, and fail the body as INVALID_ROWS listing each, before anything is
     * sent; the values themselves are left for the server to check.
     */
    static <T> void encode(String operation, RowCodec<T> codec, List<T> rows, RequestBody body)
            throws BackendException {
        List<BackendException.InvalidRow> invalid = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            int mark = body.size();
            try (JsonGenerator out = Json.MAPPER.createGenerator(body)) {
                codec.write(rows.get(i), out);
                out.writeRaw('\n');
            } catch (InvalidRowException e) {
                body.truncate(mark);
                invalid.add(new BackendException.InvalidRow(i, e.getMessage()));
            }
        }
        if (!invalid.isEmpty()) {
            throw BackendException.invalidRows(operation, invalid);
        }
    }
}
