package dev.keel.storage.backend;

import java.util.List;

/**
 * One step of a backend's schema history. Statements are idempotent ({@code IF NOT EXISTS}), so a
 * migration interrupted half-way, or run by two instances at once, is simply run again.
 *
 * @param version the schema version this step reaches; versions start at 1 and have no gaps
 * @param description what it does, recorded with the version
 * @param statements the DDL to run, in order
 */
public record Migration(int version, String description, List<String> statements) {

    public Migration {
        statements = List.copyOf(statements);
    }
}
