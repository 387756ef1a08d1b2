package dev.keel.bench.detect;

import dev.keel.detect.engine.ActiveRules;
import dev.keel.detect.engine.MatchEngine;
import dev.keel.detect.mapping.FieldMappings;
import dev.keel.detect.metrics.DetectMetrics;
import dev.keel.detect.rule.RuleLoad;
import dev.keel.detect.rule.RuleRepository;
import dev.keel.storage.Event;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * Single-thread matching cost: events per second through {@link MatchEngine#evaluate} with 1,
 * 50 and 500 rules on ~1 KB events (see {@link DetectWorkload}; {@code DetectThroughputHarness}
 * prints their average JSON size and match rates). One operation = one event. Two forks, so the
 * spread between JVMs shows.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xmx1g"})
public class MatchEngineBenchmark {

    private static final int EVENTS = 1000;

    @Param({"1", "50", "500"})
    public int rules;

    private Path dir;
    private ActiveRules active;
    private MatchEngine engine;
    private List<Event> events;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = DetectWorkload.writeRules(Files.createTempDirectory("keel-bench-rules"), rules);
        RuleLoad load = new RuleRepository(dir, Duration.ofMillis(100)).load();
        if (!load.errors().isEmpty()) {
            throw new IllegalStateException("benchmark rules rejected: " + load.errors());
        }
        DetectMetrics metrics = new DetectMetrics(new SimpleMeterRegistry(), "detect");
        active = ActiveRules.of(load.rules(), ActiveRules.empty(),
                new ActiveRules.WindowLimits(10_000, 100_000, metrics::eviction), 10, Duration.ofMinutes(1));
        engine = new MatchEngine("detect", metrics, System::currentTimeMillis, FieldMappings.none());
        events = DetectWorkload.events(EVENTS, 42);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void evaluate(Blackhole sink) {
        for (Event event : events) {
            engine.evaluate(event, active, sink::consume);
        }
    }
}
