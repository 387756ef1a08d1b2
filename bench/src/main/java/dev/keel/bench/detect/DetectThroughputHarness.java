package dev.keel.bench.detect;

import dev.keel.detect.DetectComponent;
import dev.keel.detect.DetectProperties;
import dev.keel.lifecycle.Admission;
import dev.keel.lifecycle.LifecycleEnvironment;
import dev.keel.lifecycle.WorkerRegistry;
import dev.keel.storage.Alert;
import dev.keel.storage.AlertSink;
import dev.keel.storage.Event;
import dev.keel.storage.EventSink;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * End-to-end throughput of the detect component: events offered in batches of 500 (as ingest
 * would, waiting while FULL) through the input queue, the matcher pool and the hand-off to a
 * counting sink, for 1, 50 and 500 rules. Prints one line per run: rules, events, seconds,
 * events/s. Arguments: events per run (default 400000), runs per rule count (default 3),
 * matcher threads (default 2).
 */
public final class DetectThroughputHarness {

    private DetectThroughputHarness() {}

    public static void main(String[] args) throws Exception {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 400_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String threads = args.length > 2 ? args[2] : "2";
        List<Event> pool = DetectWorkload.events(20_000, 7);
        for (int rules : new int[] {1, 50, 500}) {
            Path dir = DetectWorkload.writeRules(Files.createTempDirectory("keel-harness-rules"), rules);
            for (int run = 0; run <= runs; run++) {
                double rate = run(dir, pool, total, threads);
                if (run > 0) { // run 0 warms the JIT up
                    System.out.printf("rules=%d events=%d matcherThreads=%s run=%d events/s=%.0f%n", rules, total,
                            threads, run, rate);
                }
            }
        }
    }

    private static double run(Path rules, List<Event> pool, int total, String threads) throws Exception {
        AtomicLong stored = new AtomicLong();
        AtomicLong alerts = new AtomicLong();
        EventSink events = new EventSink() {
            @Override
            public Admission offer(List<Event> batch) {
                stored.addAndGet(batch.size());
                return Admission.ACCEPTED;
            }

            @Override
            public Admission offer(List<Event> batch, Duration maxWait) {
                return offer(batch);
            }
        };
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
        DetectComponent detect = new DetectComponent(properties, events, alertSink,
                new LifecycleEnvironment(WorkerRegistry.shared(), new SimpleMeterRegistry()));
        detect.start();
        try {
            long begin = System.nanoTime();
            int sent = 0;
            while (sent < total) {
                List<Event> batch = new ArrayList<>(500);
                for (int i = 0; i < 500; i++) {
                    batch.add(pool.get((sent + i) % pool.size()));
                }
                while (detect.offer(batch, Duration.ofMillis(100)) != Admission.ACCEPTED) {
                    Thread.onSpinWait();
                }
                sent += batch.size();
            }
            while (stored.get() < total) {
                Thread.sleep(1);
            }
            return total / (Duration.ofNanos(System.nanoTime() - begin).toMillis() / 1000.0);
        } finally {
            detect.stop();
        }
    }
}
