package dev.keel.lifecycle;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every live worker, from just before its thread starts until just after its body ends. The
 * single source for metrics, the workers endpoint and leak checks; unlike
 * {@code Thread.getAllStackTraces()}, it lists virtual threads too.
 */
public final class WorkerRegistry {

    private static final WorkerRegistry SHARED = new WorkerRegistry();

    private final Map<Long, TrackedWorker> live = new ConcurrentHashMap<>();

    /** The process-wide registry that components use unless given another; leak checks read it. */
    public static WorkerRegistry shared() {
        return SHARED;
    }

    void register(TrackedWorker worker) {
        live.put(worker.key(), worker);
    }

    void deregister(TrackedWorker worker) {
        live.remove(worker.key());
    }

    /** All live workers, ordered by component and start. */
    public List<WorkerInfo> snapshot() {
        return live.values().stream()
                .map(TrackedWorker::info)
                .sorted(Comparator.comparing(WorkerInfo::component).thenComparingLong(WorkerInfo::key))
                .toList();
    }

    /** The live workers of one component, in start order. */
    public List<WorkerInfo> snapshot(String component) {
        return snapshot().stream().filter(w -> w.component().equals(component)).toList();
    }

    /** How many workers of this component and kind are alive. */
    public int count(String component, WorkerKind kind) {
        int count = 0;
        for (TrackedWorker worker : live.values()) {
            if (worker.component().equals(component) && worker.kind() == kind) {
                count++;
            }
        }
        return count;
    }

    /** The current stack of a live worker, empty if it has ended. */
    public Optional<StuckWorker> stackOf(long key) {
        return Optional.ofNullable(live.get(key)).map(TrackedWorker::stuck);
    }
}
