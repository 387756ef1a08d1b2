package dev.keel.lifecycle;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How a component's stop ended. Every caller of one stop gets the same outcome.
 *
 * @param component the component's name
 * @param generation which start it ended (0 if the component was never started)
 * @param status clean, or timed out
 * @param duration from the stop request to the outcome
 * @param stuck the workers still running when the timeout passed; empty when clean
 */
public record StopOutcome(String component, long generation, Status status, Duration duration,
        List<StuckWorker> stuck) {

    /** How a stop ended. */
    public enum Status {
        /** Every worker ended within the stop timeout. */
        CLEAN,
        /** Some workers were still running when the stop timeout passed; they are in {@link #stuck()}. */
        TIMED_OUT
    }

    public StopOutcome {
        stuck = List.copyOf(stuck);
    }

    static StopOutcome neverStarted(String component) {
        return new StopOutcome(component, 0, Status.CLEAN, Duration.ZERO, List.of());
    }

    public boolean clean() {
        return status == Status.CLEAN;
    }

    /** One line when clean; otherwise the stuck workers with their stacks, one block each. */
    public String describe() {
        String head = "component " + component + " stopped " + (clean() ? "cleanly" : "with a timeout")
                + " in " + duration.toMillis() + " ms";
        if (clean()) {
            return head;
        }
        return head + "; still running:\n"
                + stuck.stream().map(StuckWorker::describe).collect(Collectors.joining("\n"));
    }
}
