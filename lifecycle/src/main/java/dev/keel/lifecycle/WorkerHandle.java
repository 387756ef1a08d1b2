package dev.keel.lifecycle;

/** A launched worker or pool. */
public interface WorkerHandle {

    /** The role name it was launched under. */
    String name();

    /** True while any of its threads is alive. */
    boolean isAlive();
}
