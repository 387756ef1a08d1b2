package dev.keel.lifecycle;

/** A component's start-up threw; the component is FAILED and the workers it had launched are stopped. */
public class ComponentStartException extends RuntimeException {

    public ComponentStartException(String component, Throwable cause) {
        super("component " + component + " failed to start: " + cause, cause);
    }
}
