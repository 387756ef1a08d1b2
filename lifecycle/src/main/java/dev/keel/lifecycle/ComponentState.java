package dev.keel.lifecycle;

/**
 * The states of a {@link Component}. Transitions: NEW → STARTING → RUNNING → STOPPING →
 * TERMINATED; STARTING or RUNNING → FAILED when start-up throws or a worker escalates; TERMINATED
 * or FAILED → STARTING when started again, as a new generation.
 */
public enum ComponentState {
    NEW,
    STARTING,
    RUNNING,
    STOPPING,
    TERMINATED,
    FAILED
}
