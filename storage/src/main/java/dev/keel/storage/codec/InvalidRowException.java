package dev.keel.storage.codec;

/** A row that cannot be encoded (its attributes do not serialize): it is dead-lettered, never retried. */
public final class InvalidRowException extends RuntimeException {

    public InvalidRowException(String message, Throwable cause) {
        super(message, cause);
    }
}
