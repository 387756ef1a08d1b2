package dev.keel.lifecycle;

import java.time.Duration;
import java.util.List;

/**
 * What a component shows on the workers endpoint.
 *
 * @param name the component's name
 * @param state its state
 * @param generation how many times it has been started
 * @param stopTimeout its configured stop timeout
 * @param lastStop the outcome of its last stop, or {@code null}
 * @param failure why it is FAILED, or {@code null}
 * @param workers its live workers
 * @param queues its queues in the current generation
 */
public record ComponentSnapshot(String name, ComponentState state, long generation, Duration stopTimeout,
        StopOutcome lastStop, FailureInfo failure, List<WorkerInfo> workers, List<QueueInfo> queues) {}
