package dev.keel.ingest.http;

/**
 * Why one event of a request was rejected: {@code {"line": k, "error": "..."}}.
 *
 * @param line the 1-based line of an NDJSON body, or the 0-based index of a JSON array element
 *     (0 for a lone JSON object)
 * @param error what is wrong with it
 */
public record EventError(long line, String error) {}
