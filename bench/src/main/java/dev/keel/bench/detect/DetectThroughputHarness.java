package dev.keel.bench.detect;

import dev.keel.detect.DetectComponent;
import dev.keel.detect.DetectProperties;
import dev.keel.detect.metrics.DetectMetrics;
import dev.keel.lifecycle.Admission;
import dev.keel.lifecycle.LifecycleEnvironment;
import dev.keel.lifecycle.WorkerRegistry;
import dev.keel.storage.Alert;
import dev.keel.storage.AlertSink;
import dev.keel.storage.Event;
import dev.keel.storage.testing.CountingSink;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * End-to-end throughput of the detect component: events offered in batches of 500 (as ingest
 * would, waiting while FULL) through the input queue, the matcher pool and the hand-off to a
 * counting sink, for 1, 50 and 500 rules. Each run offers for a fixed time, then waits until
 * storage has everything; its rate is events stored over that whole time. One warm-up run per
 * rule count, then the measured runs; prints each run, then median, min and max, the workload's
 * average event size as JSON, the share of events matching a rule, alerts per event, and the
 * load average. Arguments: seconds per run (default 20), measured runs per rule count (default
 * 5), matcher threads (default 2).
 */
public final class DetectThroughputHarness {

    private DetectThroughputHarness() {}

    private record Run(double eventsPerSecond, long events, double matchedShare, double alertsPerEvent) {}

    public static void main(String[] args) throws Exception {
        quietLogs();
        Duration runFor = Duration.ofSeconds(args.length > 0 ? Integer.parseInt(args[0]) : 20);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        String threads = args.length > 2 ? args[2] : "2";
        List<Event> pool = DetectWorkload.events(20_000, 7);
        System.out.printf("workload: %d distinct events, %.0f bytes on average as JSON; %d s per run, %d runs, "
                + "%s matcher threads, max heap %d MiB, %s%n", pool.size(), DetectWorkload.averageJsonBytes(pool),
                runFor.toSeconds(), runs, threads, Runtime.getRuntime().maxMemory() >> 20, loadAverage());
        for (int rules : new int[] {1, 50, 500}) {
            Path dir = DetectWorkload.writeRules(Files.createTempDirectory("keel-harness-rules"), rules);
            run(dir, pool, runFor, threads); // warms the JIT up
            double[] rates = new double[runs];
            Run last = null;
            for (int i = 0; i < runs; i++) {
                last = run(dir, pool, runFor, threads);
                rates[i] = last.eventsPerSecond();
                System.out.printf("rules=%d run=%d events=%d events/s=%.0f%n", rules, i + 1, last.events(),
                        last.eventsPerSecond());
            }
            Arrays.sort(rates);
            System.out.printf("rules=%d median=%.0f min=%.0f max=%.0f events/s; %.2f%% of events match a rule, "
                    + "%.4f alerts per event; %s%n", rules, rates[runs / 2], rates[0], rates[runs - 1],
                    100 * last.matchedShare(), last.alertsPerEvent(), loadAverage());
        }
    }

    private static Run run(Path rules, List<Event> pool, Duration runFor, String threads) throws Exception {
        CountingSink events = new CountingSink();
        AtomicLong alerts = new AtomicLong();
        AlertSink alertSink = new AlertSink() {
            @Override
            public Admission offer(List<Alert> batch) {
                alerts.addAndGet(batch.size());
                return Admission.ACCEPTED;
            }

            @Override
            public Admission offer(List<Alert> batch, Duration maxWait) {
                return offer(batch);
            }
        };
        DetectProperties properties = new Binder(new MapConfigurationPropertySource(Map.of(
                "keel.detect.rules-dir", rules.toString(),
                "keel.detect.rescue-dir", Files.createTempDirectory("keel-harness-rescue").toString(),
                "keel.detect.matcher-threads", threads)))
                .bindOrCreate("keel.detect", DetectProperties.class);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        DetectComponent detect = new DetectComponent(properties, events, alertSink,
                new LifecycleEnvironment(WorkerRegistry.shared(), meters));
        detect.start();
        try {
            long begin = System.nanoTime();
            long until = begin + runFor.toNanos();
            long sent = 0;
            while (System.nanoTime() < until) {
                List<Event> batch = new ArrayList<>(500);
                for (int i = 0; i < 500; i++) {
                    batch.add(pool.get((int) ((sent + i) % pool.size())));
                }
                while (detect.offer(batch, Duration.ofMillis(100)) != Admission.ACCEPTED) {
                    Thread.onSpinWait();
                }
                sent += batch.size();
            }
            while (events.count() < sent) {
                Thread.sleep(1);
            }
            double seconds = (System.nanoTime() - begin) / 1e9;
            double matched = meters.counter(DetectMetrics.EVENTS_MATCHED, "component", DetectComponent.NAME).count();
            return new Run(sent / seconds, sent, matched / sent, (double) alerts.get() / sent);
        } finally {
            detect.stop();
        }
    }

    /** Start and stop lines of every run, and the rules' logsource notices, would only be noise here. */
    private static void quietLogs() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
            logback.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
            logback.getLogger("dev.keel.detect.RuleReloader").setLevel(Level.ERROR);
        }
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return "load average " + parts[0] + " " + parts[1] + " " + parts[2];
        } catch (Exception unavailable) {
            return "load average unknown";
        }
    }
}
