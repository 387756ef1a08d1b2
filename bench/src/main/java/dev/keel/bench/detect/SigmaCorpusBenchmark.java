package dev.keel.bench.detect;

import dev.keel.detect.engine.ActiveDetection;
import dev.keel.detect.engine.ActiveRules;
import dev.keel.detect.engine.MatchEngine;
import dev.keel.detect.mapping.FieldMappings;
import dev.keel.detect.mapping.MappingStep;
import dev.keel.detect.metrics.DetectMetrics;
import dev.keel.detect.rule.EventView;
import dev.keel.detect.rule.LogSource;
import dev.keel.detect.rule.RuleLoad;
import dev.keel.detect.rule.RuleRepository;
import dev.keel.detect.testing.SigmaShapedCorpus;
import dev.keel.detect.testing.SigmaShapedEvents;
import dev.keel.storage.Event;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One thread matching the event mix ({@link SigmaShapedEvents}: 50 % Sysmon, half of it
 * process creation, 25 % Windows Security, both as Winlogbeat 8 sends them, 15 % auditd records
 * and 10 % plain syslog, one event in a hundred an attack) against a corpus of SigmaHQ's size and
 * shape: {@code corpus=generated} ({@link SigmaShapedCorpus}) or {@code corpus=sigmahq}, a real
 * checkout's rule directories in {@code KEEL_SIGMA_CORPUS} (as for {@code SigmaCorpusTest}).
 * {@code routed} is {@link MatchEngine#evaluate} as the matchers run it, shipped field mappings
 * included; {@code everyRule} maps the event the same way and then evaluates every detection
 * rule on it, as Keel did before rules were scoped, so the two give the ratio in one run.
 * {@code events} picks the whole mix or one kind of it. Setup prints the compile time, the heap
 * the compiled set holds (used heap after a full GC, with and without it), the share of events
 * that raised alerts and the rules evaluated per event. One operation = one event.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class SigmaCorpusBenchmark {

    private static final int EVENTS = 2000;

    @Param({"generated"})
    public String corpus;

    @Param({"mix", "sysmon_process_creation", "sysmon_other", "windows_security", "auditd", "syslog"})
    public String events;

    private ActiveRules active;
    private MatchEngine engine;
    private FieldMappings mappings;
    private List<Event> measured;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Path rules = rules();
        long heapBefore = usedHeapAfterGc();
        long compiling = System.nanoTime();
        RuleLoad load = new RuleRepository(rules, Duration.ofMillis(100)).load();
        long compiled = System.nanoTime() - compiling;
        DetectMetrics metrics = new DetectMetrics(new SimpleMeterRegistry(), "detect");
        active = ActiveRules.of(load.rules(), ActiveRules.empty(),
                new ActiveRules.WindowLimits(10_000, 100_000, metrics::eviction), 10, Duration.ofMinutes(1));
        long held = usedHeapAfterGc() - heapBefore;
        System.out.printf("%n%s corpus: %d files, %d detection and %d correlation rules, %d rejected; compiled in %d ms;"
                + " the compiled set holds %d MiB of heap%n", corpus, load.files(), load.rules().detectionRules().size(),
                load.rules().correlationRules().size(), load.errors().size(), compiled / 1_000_000, held >> 20);
        mappings = FieldMappings.load(FieldMappings.SHIPPED, Duration.ofMillis(100));
        engine = new MatchEngine("detect", metrics, System::currentTimeMillis, mappings);
        measured = SigmaShapedEvents.mix(EVENTS * 12, 42, 1_796_724_000_000L).stream()
                .filter(event -> events.equals("mix") || events.equals(SigmaShapedEvents.kindOf(event)))
                .limit(EVENTS).toList();
        long alerting = measured.stream().filter(this::raisesAlerts).count();
        long candidates = measured.stream().mapToLong(event -> {
            Event mapped = mapped(event);
            return active.candidatesFor(active.rules().view(mapped), LogSource.of(mapped)).size();
        }).sum();
        System.out.printf("%s: %d of %d events raised alerts; %.1f rules evaluated an event%n", events, alerting,
                measured.size(), candidates / (double) measured.size());
    }

    private Path rules() throws IOException {
        if (corpus.equals("generated")) {
            return SigmaShapedCorpus.write(Files.createTempDirectory("keel-sigma-shaped"), 42);
        }
        String checkout = System.getenv("KEEL_SIGMA_CORPUS");
        if (checkout == null) {
            throw new IllegalStateException("corpus=sigmahq needs KEEL_SIGMA_CORPUS: a SigmaHQ checkout's rule "
                    + "directories");
        }
        return Path.of(checkout);
    }

    private boolean raisesAlerts(Event event) {
        int[] raised = {0};
        engine.evaluate(event, active, alert -> raised[0]++);
        return raised[0] > 0;
    }

    private Event mapped(Event event) {
        Event mapped = event;
        for (MappingStep step : mappings.steps()) {
            mapped = step.apply(mapped);
        }
        return mapped;
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void routed(Blackhole sink) {
        for (Event event : measured) {
            engine.evaluate(event, active, sink::consume);
        }
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void everyRule(Blackhole sink) {
        for (Event event : measured) {
            EventView view = active.rules().view(mapped(event));
            for (ActiveDetection detection : active.detections()) {
                try {
                    sink.consume(detection.rule().matches(view));
                } catch (RuntimeException ruleFailure) {
                    sink.consume(ruleFailure);
                }
            }
        }
    }
}
