package dev.keel.ingest.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads a {@code POST /api/v1/events/bulk} body: one JSON object per line. Each line is parsed
 * on its own, so a broken line is rejected by its 1-based number and the others still count.
 * Blank lines are skipped.
 */
final class NdjsonBodyReader {

    private final JsonFactory factory;
    private final EventTreeReader tree;
    private final JsonEventNormalizer normalizer = new JsonEventNormalizer();
    private final int maxEventBytes;
    private final int maxEvents;

    NdjsonBodyReader(HttpIntakeSettings settings) {
        this.factory = JsonTokens.factory(settings);
        // A line's size is checked before it is parsed; the tree reader need not measure it again.
        this.tree = new EventTreeReader(settings.maxDepth(), settings.maxFields(), Long.MAX_VALUE);
        this.maxEventBytes = settings.maxEventBytes();
        this.maxEvents = settings.maxEvents();
    }

    ParsedBody read(InputStream body, long receivedAt) throws IOException, RefusedBodyException {
        return read(body, receivedAt, Map.of());
    }

    /** @param logsource given to each event that carries none of its own (a named input's), or empty */
    ParsedBody read(InputStream body, long receivedAt, Map<String, String> logsource)
            throws IOException, RefusedBodyException {
        ParsedBody parsed = new ParsedBody();
        NdjsonLines lines = new NdjsonLines(body, maxEventBytes);
        int events = 0;
        while (lines.next()) {
            if (lines.blank()) {
                continue;
            }
            if (++events > maxEvents) {
                throw new RefusedBodyException(413, "the body has more than max-events " + maxEvents
                        + " lines; split it into smaller requests");
            }
            if (lines.oversized()) {
                parsed.reject(lines.number(), "line is longer than max-event-size " + maxEventBytes + " bytes");
            } else {
                readLine(lines, parsed, receivedAt, logsource);
            }
        }
        if (events == 0) {
            throw new RefusedBodyException(400, "the body holds no events; send one JSON object per line");
        }
        return parsed;
    }

    private void readLine(NdjsonLines lines, ParsedBody parsed, long receivedAt, Map<String, String> logsource) {
        long number = lines.number();
        try (JsonParser parser = factory.createParser(ObjectReadContext.empty(), lines.buffer(), lines.offset(),
                lines.length())) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                parsed.reject(number, "line must hold a JSON object, got " + JsonTokens.describe(first));
                return;
            }
            var fields = tree.readEvent(parser);
            JsonToken after = parser.nextToken();
            if (after != null) {
                parsed.reject(number, "found " + JsonTokens.describe(after) + " after the JSON object; one object per line");
                return;
            }
            parsed.accept(normalizer.normalize(fields, receivedAt, logsource));
        } catch (InvalidEventException e) {
            parsed.reject(number, e.getMessage());
        } catch (JacksonException e) {
            parsed.reject(number, "invalid JSON: " + JsonTokens.problem(e));
        }
    }
}
