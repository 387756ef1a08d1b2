package dev.keel.lifecycle;

import java.util.List;

/**
 * Takes care of items a pool accepted but did not finish, so that none is lost silently: the
 * batch a handler threw on (before the worker's recovery policy runs), and whatever is still
 * queued when the drain deadline passes. Several workers, and the stopping thread, may call it
 * at once: it must be thread-safe.
 */
@FunctionalInterface
public interface Rescue<T> {

    /**
     * @param items the unfinished items, never empty
     * @param cause the throwable the handler threw, or a {@link java.util.concurrent.CancellationException}
     *     for items still queued at the stop deadline
     */
    void rescue(List<T> items, Throwable cause) throws Exception;
}
