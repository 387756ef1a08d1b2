package dev.keel.storage.clickhouse;

import dev.keel.storage.backend.BackendException;
import dev.keel.storage.codec.InvalidRowException;
import dev.keel.storage.codec.Json;
import dev.keel.storage.codec.RowCodec;
import java.util.List;
import tools.jackson.core.JsonGenerator;

/** A {@code JSONEachRow} request body: one JSON object per line, encoded straight into one buffer. */
final class JsonEachRowBody {

    private JsonEachRowBody() {}

    /**
     * Encodes the rows; a row that cannot be encoded fails the whole body as INVALID_ROWS naming
     * its index, so that the writer dead-letters exactly that row.
     */
    static <T> void encode(RowCodec<T> codec, List<T> rows, RequestBody body) throws BackendException {
        try (JsonGenerator out = Json.MAPPER.createGenerator(body)) {
            for (int i = 0; i < rows.size(); i++) {
                try {
                    codec.write(rows.get(i), out);
                } catch (InvalidRowException e) {
                    throw BackendException.invalidRows(e.getMessage(), i, e);
                }
                out.writeRaw('\n');
            }
        }
    }
}
