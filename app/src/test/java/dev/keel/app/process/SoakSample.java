package dev.keel.app.process;

import dev.keel.lifecycle.WorkerInfo;
import dev.keel.lifecycle.WorkerRegistry;
import java.lang.management.ManagementFactory;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one soak round leaves behind once its load has ended: live platform threads, live tracked
 * workers, and heap used after a full collection.
 *
 * @param round the round, from 1
 * @param threads live platform threads ({@code ThreadMXBean}), the JVM's and the test's included
 * @param workers the live workers in the lifecycle's registry, as {@code component/id}
 * @param heapUsed heap bytes used right after {@code System.gc()}
 */
public record SoakSample(int round, int threads, Set<String> workers, long heapUsed) {

    /** Collects garbage first, so the heap figure is what is still reachable rather than what is not yet collected. */
    public static SoakSample take(int round) {
        System.gc();
        return new SoakSample(round, ManagementFactory.getThreadMXBean().getThreadCount(), liveWorkers(),
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }

    /** Every live tracked worker, as {@code component/id}. */
    public static Set<String> liveWorkers() {
        return WorkerRegistry.shared().snapshot().stream().map(SoakSample::name).collect(Collectors.toSet());
    }

    private static String name(WorkerInfo worker) {
        return worker.component() + "/" + worker.id();
    }

    @Override
    public String toString() {
        return "round " + round + ": " + threads + " threads, " + workers.size() + " workers, "
                + heapUsed / (1024 * 1024) + " MB heap";
    }
}
