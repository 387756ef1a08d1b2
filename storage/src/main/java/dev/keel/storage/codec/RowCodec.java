package dev.keel.storage.codec;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;

/**
 * Encodes one kind of row as one JSON object and reads it back.
 *
 * @param <T> the row type ({@code Event} or {@code Alert})
 */
public interface RowCodec<T> {

    /** The table the rows belong in: {@code events} or {@code alerts}. */
    String table();

    /** The row's id ({@code event_id}, {@code alert_id}): what dead letters name. */
    String id(T row);

    /** The row's timestamp, epoch milliseconds: with the id, what identifies a row in the table's key. */
    long timestamp(T row);

    /**
     * Writes the row as one JSON object.
     *
     * @throws InvalidRowException if the row cannot be encoded
     */
    void write(T row, JsonGenerator out);

    /** Reads a row written by {@link #write}, or as ClickHouse returns it (64-bit numbers may be quoted). */
    T read(JsonNode node);
}
