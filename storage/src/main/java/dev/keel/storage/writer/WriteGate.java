package dev.keel.storage.writer;

/**
 * Holds back the writers of a new generation until the schema is migrated and the rows spooled
 * by earlier runs are replayed: old rows go in before new ones. Writers that wait too long spool
 * their batch (after the old segments), so the order holds either way.
 */
public final class WriteGate {

    private volatile boolean schemaReady;
    private volatile boolean backlogReplayed;

    public void schemaReady() {
        schemaReady = true;
    }

    public boolean isSchemaReady() {
        return schemaReady;
    }

    public void backlogReplayed() {
        backlogReplayed = true;
    }

    public boolean isOpen() {
        return schemaReady && backlogReplayed;
    }
}
