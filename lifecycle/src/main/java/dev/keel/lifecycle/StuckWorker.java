package dev.keel.lifecycle;

import java.util.List;

/**
 * A worker still running when its component's stop timed out, with where it was stuck.
 *
 * @param id the worker's id within its component
 * @param threadName its thread's name
 * @param kind platform or virtual
 * @param state its state when the stop gave up on it
 * @param stack its stack at that moment
 */
public record StuckWorker(String id, String threadName, WorkerKind kind, WorkerState state,
        List<StackTraceElement> stack) {

    /** The worker and its stack, formatted as a thread dump would show it. */
    public String describe() {
        StringBuilder text = new StringBuilder()
                .append('"').append(threadName).append("\" (").append(kind.name().toLowerCase())
                .append(", ").append(state).append(')');
        stack.forEach(frame -> text.append("\n\tat ").append(frame));
        return text.toString();
    }
}
