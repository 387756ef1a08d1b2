package dev.keel.storage.codec;

import dev.keel.storage.backend.Column;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** The shared mapper and the small helpers the codecs use. */
public final class Json {

    /**
     * Buffers are recycled per thread: the writers are long-lived threads encoding thousands of
     * rows each, and the default shared pool made them contend (seen in profiles).
     */
    public static final ObjectMapper MAPPER = JsonMapper.builder(
            JsonFactory.builder().recyclerPool(JsonRecyclerPools.threadLocalPool()).build()).build();

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private Json() {}

    /** One row as UTF-8 JSON bytes. */
    public static <T> byte[] encode(RowCodec<T> codec, T row) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (JsonGenerator out = MAPPER.createGenerator(bytes)) {
            codec.write(row, out);
        }
        return bytes.toByteArray();
    }

    public static <T> T decode(RowCodec<T> codec, byte[] json) {
        return codec.read(MAPPER.readTree(json));
    }

    static void field(JsonGenerator out, Column column, String value) {
        out.writeName(column.column());
        if (value == null) {
            out.writeNull();
        } else {
            out.writeString(value);
        }
    }

    static void field(JsonGenerator out, Column column, long value) {
        out.writeName(column.column());
        out.writeNumber(value);
    }

    /** The attributes as JSON text, or {@link InvalidRowException} naming the row. */
    public static String attributesJson(Map<String, Object> attributes, String rowId) {
        try {
            return MAPPER.writeValueAsString(attributes);
        } catch (RuntimeException e) {
            throw new InvalidRowException("attributes of " + rowId + " cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    /** The attributes as UTF-8 JSON, or {@link InvalidRowException} naming the row. */
    public static byte[] attributesJsonBytes(Map<String, Object> attributes, String rowId) {
        try {
            return MAPPER.writeValueAsBytes(attributes);
        } catch (RuntimeException e) {
            throw new InvalidRowException("attributes of " + rowId + " cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    /** Attributes read back from their JSON text. */
    public static Map<String, Object> attributes(String json) {
        return json == null || json.isEmpty() ? Map.of() : MAPPER.readValue(json, MAP);
    }

    static String text(JsonNode node, Column column) {
        JsonNode value = node.get(column.column());
        return value == null || value.isNull() ? null : value.asString();
    }

    /** A 64-bit number, which ClickHouse quotes in JSON output by default. */
    static long number(JsonNode node, Column column) {
        JsonNode value = node.get(column.column());
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("missing " + column.column());
        }
        return value.isNumber() ? value.longValue() : Long.parseLong(value.asString());
    }

    static List<String> strings(JsonNode node, Column column) {
        JsonNode value = node.get(column.column());
        List<String> list = new ArrayList<>();
        if (value != null && value.isArray()) {
            value.values().forEach(element -> list.add(element.asString()));
        }
        return list;
    }
}
