package dev.keel.lifecycle;

/**
 * Hears a component's state changes. Calls come one at a time, in the order of the transitions,
 * never while the component holds its lock; a listener that throws is logged and ignored.
 */
@FunctionalInterface
public interface StateListener {

    void stateChanged(Component component, ComponentState from, ComponentState to);
}
