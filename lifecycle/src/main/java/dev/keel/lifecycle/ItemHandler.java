package dev.keel.lifecycle;

/** Handles one item a pool worker took from its queue. */
@FunctionalInterface
public interface ItemHandler<T> {

    void handle(T item) throws Exception;
}
