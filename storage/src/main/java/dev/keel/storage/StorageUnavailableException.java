package dev.keel.storage;

/** A read that storage cannot serve now: it is not running, or the database failed the query. */
public final class StorageUnavailableException extends RuntimeException {

    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
