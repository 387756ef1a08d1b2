package dev.keel.storage;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToIntFunction;

/** What storage shows on the workers endpoint and in its health details, with snake_case keys. */
final class StorageDetails {

    private StorageDetails() {}

    static Map<String, Object> of(StorageHealth health, TableCounters events, TableCounters alerts,
            ToIntFunction<String> badSpoolFiles) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("backend", health.backend());
        details.put("sink", health.sinkUp() ? "up" : "down");
        if (health.downSince() != null) {
            details.put("sink_down_since", health.downSince().toString());
        }
        if (health.lastFailure() != null) {
            details.put("last_failure", health.lastFailure());
        }
        details.put("schema_ready", health.schemaReady());
        details.put("writing", health.writing());
        details.put("spool_pending_rows", health.spoolPendingRows());
        details.put("events", table(events, badSpoolFiles.applyAsInt("events")));
        details.put("alerts", table(alerts, badSpoolFiles.applyAsInt("alerts")));
        return details;
    }

    private static Map<String, Object> table(TableCounters counters, int badSpoolFiles) {
        Map<String, Object> table = new LinkedHashMap<>();
        table.put("accepted", counters.accepted());
        table.put("stored", counters.stored());
        table.put("spooled", counters.spooled());
        table.put("dead_lettered", counters.deadLettered());
        table.put("lost", counters.lost());
        table.put("queued", counters.queued());
        table.put("in_flight", counters.inFlight());
        table.put("replayed", counters.replayed());
        table.put("replay_dead_lettered", counters.replayDeadLettered());
        table.put("spool_pending", counters.spoolPending());
        table.put("spool_damaged", counters.spoolDamaged());
        table.put("spool_bad_files", badSpoolFiles);
        return table;
    }
}
