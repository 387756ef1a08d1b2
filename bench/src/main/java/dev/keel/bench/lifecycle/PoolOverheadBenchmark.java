package dev.keel.bench.lifecycle;

import dev.keel.lifecycle.Admission;
import dev.keel.lifecycle.Component;
import dev.keel.lifecycle.LifecycleEnvironment;
import dev.keel.lifecycle.WorkQueue;
import dev.keel.lifecycle.WorkerRegistry;
import dev.keel.lifecycle.Workers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Per-task cost of a tracked, recovered lifecycle pool against a bare {@link ThreadPoolExecutor}
 * of the same size, queue capacity and workload. Each invocation hands {@value #TASKS} tasks to
 * the pool and waits until all ran; the score is the average time per task.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 3, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class PoolOverheadBenchmark {

    static final int TASKS = 1_000;

    /** Threads in either pool. */
    @Param({"2"})
    int poolSize;

    /** CPU work per task, in JMH tokens. */
    @Param({"100", "1000"})
    int work;

    private PoolComponent tracked;
    private ThreadPoolExecutor bare;

    @Setup(Level.Trial)
    public void startPools() {
        tracked = new PoolComponent(poolSize);
        tracked.start();
        bare = new ThreadPoolExecutor(poolSize, poolSize, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(2 * TASKS));
        bare.prestartAllCoreThreads();
    }

    @TearDown(Level.Trial)
    public void stopPools() throws InterruptedException {
        tracked.stop();
        bare.shutdown();
        bare.awaitTermination(10, TimeUnit.SECONDS);
    }

    @Benchmark
    @OperationsPerInvocation(TASKS)
    public void trackedPool() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(TASKS);
        Runnable task = task(done);
        for (int i = 0; i < TASKS; i++) {
            if (tracked.queue.offer(task) != Admission.ACCEPTED) {
                throw new IllegalStateException("queue refused a task");
            }
        }
        done.await();
    }

    @Benchmark
    @OperationsPerInvocation(TASKS)
    public void threadPoolExecutor() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(TASKS);
        Runnable task = task(done);
        for (int i = 0; i < TASKS; i++) {
            bare.execute(task);
        }
        done.await();
    }

    private Runnable task(CountDownLatch done) {
        int tokens = work;
        return () -> {
            Blackhole.consumeCPU(tokens);
            done.countDown();
        };
    }

    /** A component whose only workers are the pool under test. */
    static final class PoolComponent extends Component {
        private final int size;
        volatile WorkQueue<Runnable> queue;

        PoolComponent(int size) {
            super("bench", Duration.ofSeconds(10),
                    new LifecycleEnvironment(WorkerRegistry.shared(), new SimpleMeterRegistry()));
            this.size = size;
        }

        @Override
        protected void startUp(Workers workers) {
            queue = workers.queue("tasks", 2 * TASKS);
            workers.worker("runner").pool(size, queue).each(Runnable::run);
        }
    }
}
