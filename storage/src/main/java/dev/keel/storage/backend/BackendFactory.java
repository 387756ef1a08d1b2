package dev.keel.storage.backend;

import dev.keel.storage.StorageProperties;

/** Creates the backend of a new component generation (tests wrap the real one to inject faults). */
@FunctionalInterface
public interface BackendFactory {

    /**
     * @param connections how many concurrent operations the backend should allow (writers, the
     *     replayer, reads)
     */
    StorageBackend create(StorageProperties properties, int connections) throws BackendException;
}
