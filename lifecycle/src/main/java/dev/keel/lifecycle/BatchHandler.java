package dev.keel.lifecycle;

import java.util.List;

/** Handles a batch a pool worker took from its queue; the batch is never empty. */
@FunctionalInterface
public interface BatchHandler<T> {

    void handle(List<T> batch) throws Exception;
}
