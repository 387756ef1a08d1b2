package dev.keel.storage.writer;

import java.time.Duration;

/**
 * Holds back the writers of a new generation until the schema is migrated and the rows spooled
 * by earlier runs are replayed: old rows go in before new ones. The gate keeps one clock, from
 * the generation's start: once it has been shut longer than {@code give-up-after}, writers spool
 * their batches at once (after the old segments, so the order holds) instead of each waiting
 * its own give-up-after.
 */
public final class WriteGate {

    private final long closedSinceNanos = System.nanoTime();
    private volatile boolean schemaReady;
    private volatile boolean backlogReplayed;

    public void schemaReady() {
        schemaReady = true;
    }

    public boolean isSchemaReady() {
        return schemaReady;
    }

    /** Nothing of earlier runs is left to replay first, except segments the database refuses or quarantined ones. */
    public void backlogReplayed() {
        backlogReplayed = true;
    }

    public boolean isOpen() {
        return schemaReady && backlogReplayed;
    }

    /** How long the gate has been shut: zero once it is open. */
    public Duration closedFor() {
        return isOpen() ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - closedSinceNanos);
    }
}
