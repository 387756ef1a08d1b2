package dev.keel.ingest.support;

/**
 * Bugs in main code that fuzzing found and that are not fixed yet. The fuzz targets tolerate
 * each, where they would otherwise fail on it, so that fuzzing gets past it (a target stops at
 * its first finding, and these are found within seconds); with {@code -Dfuzz.strict=true} they
 * fail like any other broken invariant. The inputs that show each are kept beside the replayed
 * ones, in {@code <FuzzTest>Findings/<method>/}, which Jazzer does not read. Once a bug is
 * fixed: delete its constant, and move its inputs into {@code <FuzzTest>Inputs/<method>/}.
 */
public enum KnownBug {

    /**
     * {@code Rfc3339} takes years 0000 to 1969, so an HTTP {@code timestamp}, an RFC 5424
     * TIMESTAMP or an RFC 3339 time in an RFC 3164 message gives an event a negative timestamp,
     * which storage refuses (its column is UInt64): the event ends as a dead letter.
     */
    TIMESTAMP_BEFORE_1970,

    /**
     * Jackson detects UTF-16 and UTF-32 from a body's first bytes (and an NDJSON line's): such
     * bodies are taken although both endpoints read UTF-8 only, and a malformed one fails as
     * {@code CharConversionException}, an IOException the JSON reader passes on, answered 400
     * "could not read the body: java.io.CharConversionException ..." through the catch-all; in
     * NDJSON errors the offset it quotes ("byte #N") depends on how the body arrived.
     */
    JSON_ENCODING_DETECTED,

    /**
     * A JSON {@code event_id} may hold an unpaired surrogate ({@code "\ud800"}): written as UTF-8
     * it becomes '?', so distinct ids collide in storage (and an id collision with the same
     * timestamp is dropped as a duplicate).
     */
    UNPAIRED_SURROGATE_IN_EVENT_ID,

    /**
     * {@code NdjsonLines} measures a line against max-event-size untrimmed while its newline is
     * not yet buffered, trimmed once it is: a line whose content fits but whose surrounding
     * spaces do not (or a blank line longer than the limit) is taken, or rejected as too long,
     * depending on how the body arrives.
     */
    NDJSON_LINE_LIMIT_DEPENDS_ON_CHUNKING,

    /**
     * {@code Rfc3164Parser} takes a TAG of 49 characters, one more than its
     * {@code MAX_TAG_CHARS} of 48 (the scan stops only once it has passed the limit).
     */
    RFC3164_TAG_ONE_OVER_LIMIT;

    /** True unless {@code -Dfuzz.strict=true}. */
    public boolean tolerated() {
        return !Boolean.getBoolean("fuzz.strict");
    }
}
