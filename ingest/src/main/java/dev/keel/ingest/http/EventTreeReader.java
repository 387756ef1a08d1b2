package dev.keel.ingest.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;

/**
 * Reads one event object from a parser into plain Java values (Map, List, String, Number,
 * Boolean, null), enforcing the per-event limits while it reads, so an oversized event is never
 * built in full. A number too large for a double ({@code 1e999}) is refused rather than kept as
 * Infinity, which no JSON writer downstream could write back. A string or field name holding an
 * unpaired surrogate (only a JSON escape such as {@code "\\ud800"} can make one, since the bytes
 * are checked UTF-8) is refused too: written as UTF-8 it would become '?', so two ids that
 * differ as sent would be stored as one. An event over a limit is skipped
 * to its end and reported; the parser is left on the event's closing brace either way, ready
 * for the next one.
 */
final class EventTreeReader {

    private final int maxDepth;
    private final int maxFields;
    private final long maxEventBytes;

    /**
     * @param maxEventBytes checked against the parser's byte offsets; pass {@link Long#MAX_VALUE}
     *     when the caller measured the event already (an NDJSON line)
     */
    EventTreeReader(int maxDepth, int maxFields, long maxEventBytes) {
        this.maxDepth = maxDepth;
        this.maxFields = maxFields;
        this.maxEventBytes = maxEventBytes;
    }

    /**
     * Reads the object whose START_OBJECT is the parser's current token.
     *
     * @throws InvalidEventException if the event breaks a limit or repeats a field name
     */
    Map<String, Object> readEvent(JsonParser parser) throws InvalidEventException {
        Budget budget = new Budget(maxEventBytes == Long.MAX_VALUE ? 0 : parser.currentTokenLocation().getByteOffset());
        try {
            return readObject(parser, 1, budget);
        } catch (LimitBroken broken) {
            skipRest(parser, broken.openContainers);
            throw new InvalidEventException(broken.getMessage());
        }
    }

    private Map<String, Object> readObject(JsonParser parser, int depth, Budget budget) throws LimitBroken {
        if (depth > maxDepth) {
            throw new LimitBroken("nesting is deeper than max-depth " + maxDepth, depth);
        }
        Map<String, Object> object = new LinkedHashMap<>();
        for (JsonToken token = parser.nextToken(); token == JsonToken.PROPERTY_NAME; token = parser.nextToken()) {
            String name = text(parser, parser.currentName(), "field name", depth);
            if (++budget.fields > maxFields) {
                throw new LimitBroken("more than max-fields " + maxFields + " fields", depth);
            }
            if (object.containsKey(name)) {
                throw new LimitBroken("field " + Quoted.of(name) + " appears more than once", depth);
            }
            object.put(name, readValue(parser, parser.nextToken(), depth, budget));
            budget.checkSize(parser, depth);
        }
        return object;
    }

    private List<Object> readArray(JsonParser parser, int depth, Budget budget) throws LimitBroken {
        if (depth > maxDepth) {
            throw new LimitBroken("nesting is deeper than max-depth " + maxDepth, depth);
        }
        List<Object> array = new ArrayList<>();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            array.add(readValue(parser, token, depth, budget));
            budget.checkSize(parser, depth);
        }
        return array;
    }

    private Object readValue(JsonParser parser, JsonToken token, int depth, Budget budget) throws LimitBroken {
        return switch (token) {
            case START_OBJECT -> readObject(parser, depth + 1, budget);
            case START_ARRAY -> readArray(parser, depth + 1, budget);
            case VALUE_STRING -> text(parser, parser.getString(), "string", depth);
            case VALUE_NUMBER_INT -> parser.getNumberValue();
            case VALUE_NUMBER_FLOAT -> finite(parser, depth);
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new IllegalStateException("unexpected JSON token " + token);
        };
    }

    /** {@code text} if it is valid UTF-16, naming where it is if not. */
    private static String text(JsonParser parser, String text, String what, int depth) throws LimitBroken {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                TokenStreamLocation at = parser.currentTokenLocation();
                throw new LimitBroken(String.format("the %s at line %d, column %d holds an unpaired surrogate"
                        + " \\u%04x (a JSON escape for half a character), which UTF-8 cannot carry",
                        what, at.getLineNr(), at.getColumnNr(), (int) c), depth);
            }
        }
        return text;
    }

    /** A fractional number; one beyond a double's range (1e999) would become Infinity, so it is refused. */
    private static Number finite(JsonParser parser, int depth) throws LimitBroken {
        Number number = parser.getNumberValue();
        if (number instanceof Double value && !Double.isFinite(value)) {
            throw new LimitBroken("number " + Quoted.of(parser.getString()) + " is out of range: beyond a double,"
                    + " it is not a finite number", depth);
        }
        return number;
    }

    /** Consumes tokens until {@code open} containers have closed: the rest of a refused event. */
    private static void skipRest(JsonParser parser, int open) {
        while (open > 0) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                return;
            }
            if (token.isStructStart()) {
                open++;
            } else if (token.isStructEnd()) {
                open--;
            }
        }
    }

    /** What one event has used of its limits. */
    private final class Budget {
        final long startOffset;
        int fields;

        Budget(long startOffset) {
            this.startOffset = startOffset;
        }

        void checkSize(JsonParser parser, int depth) throws LimitBroken {
            if (maxEventBytes != Long.MAX_VALUE
                    && parser.currentLocation().getByteOffset() - startOffset > maxEventBytes) {
                throw new LimitBroken("event is larger than max-event-size " + maxEventBytes + " bytes", depth);
            }
        }
    }

    /**
     * A limit (or a double's range) broken at a point where {@code openContainers} objects and
     * arrays of the event are still open.
     */
    private static final class LimitBroken extends Exception {
        final int openContainers;

        LimitBroken(String message, int openContainers) {
            super(message, null, false, false);
            this.openContainers = openContainers;
        }
    }
}
