package dev.keel.lifecycle;

import java.time.Duration;
import java.util.List;
import java.util.Map;

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
 * @param details what else the component reports (see {@link Component#details()})
 */
public record ComponentSnapshot(String name, ComponentState state, long generation, Duration stopTimeout,
        StopOutcome lastStop, FailureInfo failure, List<WorkerInfo> workers, List<QueueInfo> queues,
        Map<String, Object> details) {}
