package dev.keel.ingest.http;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.StreamReadConstraints;

/** The JSON parser factory both body readers use, and how they word what they found. */
final class JsonTokens {

    /**
     * The parser's own nesting cap. Events deeper than max-depth are refused one by one by
     * {@link EventTreeReader}; this only bounds what the parser keeps while skipping them.
     */
    static final int PARSER_MAX_NESTING = 1000;

    private JsonTokens() {}

    static JsonFactory factory(HttpIntakeSettings settings) {
        // Strings are bounded by the body, not by max-event-size: an element with an oversized
        // string must be refused on its own, not break the parse of the whole array.
        int maxText = (int) Math.min(Integer.MAX_VALUE, settings.maxBodyBytes());
        StreamReadConstraints constraints = StreamReadConstraints.builder()
                .maxNestingDepth(Math.max(PARSER_MAX_NESTING, settings.maxDepth() + 1))
                .maxStringLength(maxText)
                .maxNameLength(maxText)
                .maxDocumentLength(settings.maxBodyBytes())
                .build();
        return JsonFactory.builder().streamReadConstraints(constraints).build();
    }

    /** "an array", "a string", "nothing"...: what a client sent where an object was expected. */
    static String describe(JsonToken token) {
        if (token == null) {
            return "nothing";
        }
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.name();
        };
    }

    /** The parser's complaint without its multi-line source excerpt, with line and column when known. */
    static String problem(JacksonException e) {
        String message = e.getOriginalMessage();
        int newline = message == null ? -1 : message.indexOf('\n');
        String first = message == null ? e.getClass().getSimpleName() : newline < 0 ? message : message.substring(0, newline);
        if (first.length() > 200) {
            first = first.substring(0, 200) + "...";
        }
        TokenStreamLocation location = e.getLocation();
        if (location != null && location.getLineNr() > 0) {
            first += " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
        }
        return first;
    }
}
