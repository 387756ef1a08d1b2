package dev.keel.lifecycle;

import java.time.Instant;

/**
 * What the last failure of a worker was, kept for the workers endpoint.
 *
 * @param type the class name of the throwable
 * @param message its message, possibly {@code null}
 * @param at when it escaped the worker
 */
public record FailureInfo(String type, String message, Instant at) {

    static FailureInfo of(Throwable failure) {
        return new FailureInfo(failure.getClass().getName(), failure.getMessage(), Instant.now());
    }
}
