package dev.keel.app.management;

import dev.keel.lifecycle.ComponentSnapshot;
import dev.keel.lifecycle.FailureInfo;
import dev.keel.lifecycle.QueueInfo;
import dev.keel.lifecycle.StopOutcome;
import dev.keel.lifecycle.StuckWorker;
import dev.keel.lifecycle.WorkerInfo;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code GET /actuator/workers}: every component in start order, with its workers,
 * queues and last stop. Durations are milliseconds, instants ISO-8601 strings; field names are
 * snake_case on the wire ({@code stop_timeout_ms}, {@code live_workers}), like all of Keel's JSON.
 *
 * @param components the components, storage first
 */
public record WorkersReport(List<ComponentReport> components) {

    /** One component. */
    public record ComponentReport(String name, String state, int phase, long generation, long stopTimeoutMs,
            StopReport lastStop, FailureInfo failure, int liveWorkers, List<WorkerReport> workers,
            List<QueueInfo> queues, Map<String, Object> details) {

        static ComponentReport of(ComponentSnapshot snapshot, int phase) {
            return new ComponentReport(snapshot.name(), snapshot.state().name(), phase, snapshot.generation(),
                    snapshot.stopTimeout().toMillis(), StopReport.of(snapshot.lastStop()), snapshot.failure(),
                    snapshot.workers().size(), snapshot.workers().stream().map(WorkerReport::of).toList(),
                    snapshot.queues(), snapshot.details());
        }
    }

    /** One live worker. */
    public record WorkerReport(String name, String id, String thread, String kind, String state, String since,
            int restarts, FailureInfo lastFailure) {

        static WorkerReport of(WorkerInfo worker) {
            return new WorkerReport(worker.name(), worker.id(), worker.threadName(), lowerCase(worker.kind()),
                    worker.state().name(), String.valueOf(worker.startedAt()), worker.restarts(), worker.lastFailure());
        }
    }

    /** The outcome of a stop; {@code stuck} lists the workers a timed-out stop left running. */
    public record StopReport(String status, long durationMs, long generation, List<StuckReport> stuck) {

        static StopReport of(StopOutcome outcome) {
            if (outcome == null) {
                return null;
            }
            return new StopReport(outcome.status().name(), outcome.duration().toMillis(), outcome.generation(),
                    outcome.stuck().stream().map(StuckReport::of).toList());
        }
    }

    /** A worker still running when a stop timed out, with its stack. */
    public record StuckReport(String id, String thread, String kind, String state, List<String> stack) {

        static StuckReport of(StuckWorker stuck) {
            return new StuckReport(stuck.id(), stuck.threadName(), lowerCase(stuck.kind()), stuck.state().name(),
                    stuck.stack().stream().map(StackTraceElement::toString).toList());
        }
    }

    private static String lowerCase(Enum<?> value) {
        return value.name().toLowerCase(java.util.Locale.ROOT);
    }
}
