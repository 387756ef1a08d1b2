package dev.keel.ingest.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads a {@code POST /api/v1/events} body: one JSON object, or an array of objects, streamed
 * from the (decompressed, size-limited) body. An element that is not an object or breaks a
 * per-event limit is rejected by its 0-based index; a body that is not well-formed JSON is
 * refused as a whole (400), since nothing after the break can be trusted.
 */
final class JsonBodyReader {

    private final JsonFactory factory;
    private final EventTreeReader tree;
    private final JsonEventNormalizer normalizer = new JsonEventNormalizer();
    private final int maxEvents;

    JsonBodyReader(HttpIntakeSettings settings) {
        this.factory = JsonTokens.factory(settings);
        this.tree = new EventTreeReader(settings.maxDepth(), settings.maxFields(), settings.maxEventBytes());
        this.maxEvents = settings.maxEvents();
    }

    ParsedBody read(InputStream body, long receivedAt) throws IOException, RefusedBodyException {
        return read(body, receivedAt, Map.of());
    }

    /** @param logsource given to each event that carries none of its own (a named input's), or empty */
    ParsedBody read(InputStream body, long receivedAt, Map<String, String> logsource)
            throws IOException, RefusedBodyException {
        ParsedBody parsed = new ParsedBody();
        try (JsonParser parser = factory.createParser(ObjectReadContext.empty(), body)) {
            JsonToken first = parser.nextToken();
            if (first == JsonToken.START_OBJECT) {
                readEvent(parser, 0, parsed, receivedAt, logsource);
            } else if (first == JsonToken.START_ARRAY) {
                readArray(parser, parsed, receivedAt, logsource);
            } else {
                throw new RefusedBodyException(400, first == null
                        ? "the body is empty; send a JSON object or an array of JSON objects"
                        : "the body is " + JsonTokens.describe(first) + "; send a JSON object or an array of JSON objects");
            }
            JsonToken after = parser.nextToken();
            if (after != null) {
                throw new RefusedBodyException(400, "found " + JsonTokens.describe(after) + " after the JSON "
                        + (first == JsonToken.START_OBJECT ? "object" : "array")
                        + "; send one object or one array (NDJSON goes to " + EventsController.BULK_PATH + ")");
            }
            return parsed;
        } catch (JacksonIOException e) {
            throw e.getCause();
        } catch (JacksonException e) {
            throw new RefusedBodyException(400, "the body is not valid JSON: " + JsonTokens.problem(e));
        }
    }

    private void readArray(JsonParser parser, ParsedBody parsed, long receivedAt, Map<String, String> logsource)
            throws RefusedBodyException {
        int index = 0;
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken(), index++) {
            if (token == null) {
                throw new RefusedBodyException(400, "the body is not valid JSON: the array is not closed");
            }
            if (index >= maxEvents) {
                throw new RefusedBodyException(413, "the array has more than max-events " + maxEvents
                        + " elements; split it into smaller requests");
            }
            if (token == JsonToken.START_OBJECT) {
                readEvent(parser, index, parsed, receivedAt, logsource);
            } else {
                parser.skipChildren();
                parsed.reject(index, "element must be a JSON object, got " + JsonTokens.describe(token));
            }
        }
        if (index == 0) {
            throw new RefusedBodyException(400, "the request holds no events (an empty array); send at least one"
                    + " JSON object");
        }
    }

    private void readEvent(JsonParser parser, long index, ParsedBody parsed, long receivedAt,
            Map<String, String> logsource) {
        try {
            Map<String, Object> fields = tree.readEvent(parser);
            parsed.accept(normalizer.normalize(fields, receivedAt, logsource));
        } catch (InvalidEventException e) {
            parsed.reject(index, e.getMessage());
        }
    }
}
