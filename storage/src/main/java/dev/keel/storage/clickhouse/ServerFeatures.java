package dev.keel.storage.clickhouse;

import java.util.Map;
import java.util.Set;

/**
 * What the connected server supports, probed at start: 18.16 rejects unknown settings and has
 * no query parameters, while current releases need {@code async_insert=0} for insert errors to
 * come back synchronously.
 *
 * @param version the server's {@code version()}
 * @param settings the insert settings to send: those of {@link #WANTED_INSERT_SETTINGS} the server knows
 * @param queryParameters whether {@code {name:Type}} placeholders with {@code param_name} work
 */
public record ServerFeatures(String version, Map<String, String> settings, boolean queryParameters) {

    /**
     * Settings that keep an insert synchronous and all-or-nothing where the server has them:
     * errors must come back on the insert itself (no async inserts), and one request must be
     * parsed as one block (parallel parsing may cut it into several, committed separately).
     */
    static final Map<String, String> WANTED_INSERT_SETTINGS = Map.of(
            "async_insert", "0",
            "wait_for_async_insert", "1",
            "input_format_parallel_parsing", "0");

    public ServerFeatures {
        settings = Map.copyOf(settings);
    }

    static ServerFeatures of(String version, Set<String> known, boolean queryParameters) {
        Map<String, String> chosen = new java.util.TreeMap<>();
        WANTED_INSERT_SETTINGS.forEach((name, value) -> {
            if (known.contains(name)) {
                chosen.put(name, value);
            }
        });
        return new ServerFeatures(version, chosen, queryParameters);
    }
}
