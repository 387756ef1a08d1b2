package dev.keel.storage;

import dev.keel.lifecycle.ComponentState;
import java.time.Instant;

/**
 * What storage can say about itself, for a health indicator.
 *
 * @param state the component's state
 * @param backend which database, e.g. {@code clickhouse 18.16.1 at http://127.0.0.1:8123, database keel}
 * @param schemaReady the schema is created and at the current version
 * @param writing writers write straight to the database: the schema is ready and the spool of
 *     earlier runs is replayed (until then new rows wait or are spooled)
 * @param sinkUp the last write or probe reached the database
 * @param downSince when the database became unreachable, or {@code null} while it is up
 * @param lastFailure the last write failure's message, or {@code null}
 * @param spoolPendingRows rows on local disk waiting to be replayed, both tables
 */
public record StorageHealth(
        ComponentState state,
        String backend,
        boolean schemaReady,
        boolean writing,
        boolean sinkUp,
        Instant downSince,
        String lastFailure,
        long spoolPendingRows) {

    /** Offers are accepted (rows are stored or, while the database is down, spooled). */
    public boolean accepting() {
        return state == ComponentState.RUNNING;
    }

    /** Running, and rows reach the database rather than the spool. */
    public boolean healthy() {
        return accepting() && writing && sinkUp;
    }
}
