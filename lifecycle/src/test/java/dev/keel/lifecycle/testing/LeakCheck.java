package dev.keel.lifecycle.testing;

import dev.keel.lifecycle.StuckWorker;
import dev.keel.lifecycle.WorkerInfo;
import dev.keel.lifecycle.WorkerRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test whose platform threads or tracked workers outlive it. Before the test it notes
 * what is alive; after it, it waits up to a linger window for everything new to end, and fails
 * with the names and stacks of what did not.
 *
 * <p>Platform threads come from {@link Thread#getAllStackTraces()}, which does not list virtual
 * threads; tracked workers come from the {@link WorkerRegistry}, which does. A virtual thread
 * launched outside the lifecycle module is invisible to both, which is why the architecture
 * rule ({@link ThreadLaunchRules}) forbids launching one.
 *
 * <pre>{@code
 * @RegisterExtension
 * LeakCheck leaks = LeakCheck.create().ignoreThreads("tomcat", t -> t.getName().startsWith("http-nio-"));
 * }</pre>
 *
 * With {@link #perClass()} (on a static field) it checks once around the whole class instead,
 * for fixtures the class shares. Not meant for tests that run in parallel in
 * one JVM: another test's threads would count as this one's.
 */
public final class LeakCheck implements BeforeEachCallback, AfterEachCallback, BeforeAllCallback, AfterAllCallback {

    /** Threads the JDK and the test tools start lazily and keep, none of them ours. */
    private static final Map<String, Predicate<Thread>> JDK_AND_TOOLS = Map.of(
            "JDK process reaper", named("process reaper"),
            "JDK HTTP keep-alive", named("Keep-Alive-"),
            "JDK common pool and its delay scheduler (forbidden in main code by ThreadLaunchRules)",
                    named("ForkJoinPool.commonPool-"),
            "JDK internal", named("Attach Listener", "Common-Cleaner", "InnocuousThread-", "Notification Thread",
                    "Signal Dispatcher", "Reference Handler", "Finalizer", "JFR "),
            "JDK virtual-thread scheduler", LeakCheck::isVirtualThreadScheduler,
            "Awaitility poller", named("awaitility-thread"),
            "JUnit timeout", named("junit-timeout-thread-", "junit-jupiter-timeout-watcher"));

    private static final Set<String> VIRTUAL_THREAD_HELPERS =
            Set.of("VirtualThread-unblocker", "MasterPoller", "Read-Poller", "Write-Poller");

    private final Duration linger;
    private final Map<String, Predicate<Thread>> threadIgnores;
    private final Map<String, Predicate<WorkerInfo>> workerIgnores;
    private final boolean perClass;
    private final WorkerRegistry registry;

    private Set<Long> threadsBefore = Set.of();
    private Set<Long> workersBefore = Set.of();

    /** The default: per test, 5 s linger, the JDK's and the test tools' own threads ignored. */
    public LeakCheck() {
        this(Duration.ofSeconds(5), new LinkedHashMap<>(JDK_AND_TOOLS), new LinkedHashMap<>(), false,
                WorkerRegistry.shared());
    }

    private LeakCheck(Duration linger, Map<String, Predicate<Thread>> threadIgnores,
            Map<String, Predicate<WorkerInfo>> workerIgnores, boolean perClass, WorkerRegistry registry) {
        this.linger = linger;
        this.threadIgnores = threadIgnores;
        this.workerIgnores = workerIgnores;
        this.perClass = perClass;
        this.registry = registry;
    }

    public static LeakCheck create() {
        return new LeakCheck();
    }

    /** How long leftovers may take to end after the test before they count as leaked. */
    public LeakCheck linger(Duration window) {
        return new LeakCheck(window, threadIgnores, workerIgnores, perClass, registry);
    }

    /** Ignores platform threads matching {@code which}; {@code why} names the ignore in reports. */
    public LeakCheck ignoreThreads(String why, Predicate<Thread> which) {
        Map<String, Predicate<Thread>> more = new LinkedHashMap<>(threadIgnores);
        more.put(why, which);
        return new LeakCheck(linger, more, workerIgnores, perClass, registry);
    }

    /** Ignores tracked workers matching {@code which}; {@code why} names the ignore in reports. */
    public LeakCheck ignoreWorkers(String why, Predicate<WorkerInfo> which) {
        Map<String, Predicate<WorkerInfo>> more = new LinkedHashMap<>(workerIgnores);
        more.put(why, which);
        return new LeakCheck(linger, threadIgnores, more, perClass, registry);
    }

    /** Checks once around the whole test class rather than around each test. */
    public LeakCheck perClass() {
        return new LeakCheck(linger, threadIgnores, workerIgnores, true, registry);
    }

    /** Reads another worker registry than the shared one. */
    public LeakCheck registry(WorkerRegistry other) {
        return new LeakCheck(linger, threadIgnores, workerIgnores, perClass, other);
    }

    /** A predicate for threads whose names start with any of {@code prefixes}. */
    public static Predicate<Thread> named(String... prefixes) {
        return thread -> {
            for (String prefix : prefixes) {
                if (thread.getName().startsWith(prefix)) {
                    return true;
                }
            }
            return false;
        };
    }

    /** Carrier threads and the I/O pollers, started on first use by virtual threads and kept. */
    private static boolean isVirtualThreadScheduler(Thread thread) {
        ThreadGroup group = thread.getThreadGroup();
        return (group != null && group.getName().equals("CarrierThreads"))
                || VIRTUAL_THREAD_HELPERS.contains(thread.getName());
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (perClass) {
            takeBaseline();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (perClass) {
            verifyNoLeaks();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!perClass) {
            takeBaseline();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass) {
            verifyNoLeaks();
        }
    }

    /** Notes what is alive now; {@link #verifyNoLeaks()} reports what is new. */
    public void takeBaseline() {
        threadsBefore = platformThreads().stream().map(Thread::threadId).collect(Collectors.toSet());
        workersBefore = registry.snapshot().stream().map(WorkerInfo::key).collect(Collectors.toSet());
    }

    /** Waits up to the linger window for everything new since the baseline to end, else fails. */
    public void verifyNoLeaks() {
        long deadline = System.nanoTime() + linger.toNanos();
        Leaks leaks = findLeaks();
        while (!leaks.none() && System.nanoTime() - deadline < 0) {
            pause();
            leaks = findLeaks();
        }
        if (!leaks.none()) {
            throw new AssertionError(leaks.report(linger));
        }
    }

    private Leaks findLeaks() {
        List<Thread> threads = new ArrayList<>();
        for (Thread thread : platformThreads()) {
            if (thread.isAlive() && !threadsBefore.contains(thread.threadId()) && !ignored(thread)) {
                threads.add(thread);
            }
        }
        List<StuckWorker> workers = new ArrayList<>();
        for (WorkerInfo worker : registry.snapshot()) {
            if (!workersBefore.contains(worker.key()) && !ignored(worker)) {
                registry.stackOf(worker.key()).ifPresent(workers::add);
            }
        }
        return new Leaks(threads, workers);
    }

    private boolean ignored(Thread thread) {
        return threadIgnores.values().stream().anyMatch(ignore -> ignore.test(thread));
    }

    private boolean ignored(WorkerInfo worker) {
        return workerIgnores.values().stream().anyMatch(ignore -> ignore.test(worker));
    }

    private static Set<Thread> platformThreads() {
        return Thread.getAllStackTraces().keySet();
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for threads to end", e);
        }
    }

    /** What outlived the test. Tracked workers are also platform threads or virtual ones; each is reported once. */
    private record Leaks(List<Thread> threads, List<StuckWorker> workers) {

        boolean none() {
            return threads.isEmpty() && workers.isEmpty();
        }

        String report(Duration linger) {
            Set<String> workerThreads = workers.stream().map(StuckWorker::threadName).collect(Collectors.toSet());
            List<String> blocks = new ArrayList<>();
            workers.forEach(worker -> blocks.add("tracked worker " + worker.id() + ": " + worker.describe()));
            for (Thread thread : threads) {
                if (!workerThreads.contains(thread.getName())) {
                    blocks.add("thread " + describe(thread));
                }
            }
            return blocks.size() + " thread(s) or worker(s) still alive " + linger.toMillis()
                    + " ms after the test:\n" + String.join("\n", blocks);
        }

        private static String describe(Thread thread) {
            StringBuilder text = new StringBuilder("\"").append(thread.getName()).append("\" (")
                    .append(thread.isDaemon() ? "daemon, " : "").append(thread.getState()).append(')');
            for (StackTraceElement frame : thread.getStackTrace()) {
                text.append("\n\tat ").append(frame);
            }
            return text.toString();
        }
    }
}
