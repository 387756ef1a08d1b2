package dev.keel.storage.clickhouse;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the connected server supports, probed when the backend first talks to it and again after
 * it was unreachable (it may have come back as another version): 18.16 rejects unknown settings
 * and has no query parameters, while current releases need {@code async_insert=0} for insert
 * errors to come back synchronously, and can de-duplicate a retried insert.
 *
 * @param version the server's {@code version()}
 * @param settings the insert settings to send: those of {@link #WANTED_INSERT_SETTINGS} the server knows
 * @param queryParameters whether {@code {name:Type}} placeholders with {@code param_name} work
 * @param deduplication whether inserts into a MergeTree table can be de-duplicated at insert time: the
 *     server has the {@code insert_deduplication_token} setting and the table setting
 *     {@code non_replicated_deduplication_window} (ClickHouse 22 and later; not 18.16)
 */
public record ServerFeatures(String version, Map<String, String> settings, boolean queryParameters,
        boolean deduplication) {

    /**
     * Settings that keep an insert synchronous and all-or-nothing where the server has them:
     * errors must come back on the insert itself (no async inserts), and one request must be
     * parsed as one block (parallel parsing may cut it into several, committed separately); and
     * a JSONEachRow field the table has no column for must fail the insert (current releases
     * skip such fields by default, so values for a renamed column would vanish while the rows
     * counted as stored).
     */
    static final Map<String, String> WANTED_INSERT_SETTINGS = Map.of(
            "async_insert", "0",
            "wait_for_async_insert", "1",
            "input_format_parallel_parsing", "0",
            "input_format_skip_unknown_fields", "0");

    /** The per-insert setting that names an insert, so that the same insert sent again is skipped. */
    static final String DEDUPLICATION_TOKEN = "insert_deduplication_token";

    /** The MergeTree setting that makes a non-replicated table remember recent inserts. */
    static final String DEDUPLICATION_WINDOW = "non_replicated_deduplication_window";

    public ServerFeatures {
        settings = Map.copyOf(settings);
    }

    /**
     * @param knownSettings the names of {@link #WANTED_INSERT_SETTINGS} and {@link #DEDUPLICATION_TOKEN} the server has
     * @param deduplicationWindow whether {@code system.merge_tree_settings} has {@link #DEDUPLICATION_WINDOW}
     */
    static ServerFeatures of(String version, Set<String> knownSettings, boolean queryParameters,
            boolean deduplicationWindow) {
        Map<String, String> chosen = new TreeMap<>();
        WANTED_INSERT_SETTINGS.forEach((name, value) -> {
            if (knownSettings.contains(name)) {
                chosen.put(name, value);
            }
        });
        return new ServerFeatures(version, chosen, queryParameters,
                deduplicationWindow && knownSettings.contains(DEDUPLICATION_TOKEN));
    }
}
