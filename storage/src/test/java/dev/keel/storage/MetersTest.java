package dev.keel.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keel.lifecycle.Admission;
import dev.keel.lifecycle.LifecycleEnvironment;
import dev.keel.lifecycle.WorkerRegistry;
import dev.keel.lifecycle.testing.LeakCheck;
import dev.keel.storage.testing.SampleRows;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The keel.storage.* meters, read the way a registry scrapes them: one after another, while writers run. */
class MetersTest {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    @TempDir
    Path dataDir;

    private static final List<String> BALANCE = List.of("keel.storage.accepted", "keel.storage.stored",
            "keel.storage.spooled", "keel.storage.dead_lettered", "keel.storage.lost", "keel.storage.queued",
            "keel.storage.in_flight");

    private static double read(MeterRegistry meters, String name) {
        Search search = meters.find(name).tag("table", "events");
        return search.functionCounter() != null ? search.functionCounter().count() : search.gauge().value();
    }

    /** One scrape: each meter read once, accepted first, the rest after (the order a registry might use). */
    private static boolean scrapeBalances(MeterRegistry meters) {
        double accepted = read(meters, BALANCE.getFirst());
        double accounted = 0;
        for (String name : BALANCE.subList(1, BALANCE.size())) {
            accounted += read(meters, name);
        }
        return accepted == accounted;
    }

    @Test
    void theMetersBalanceOnEveryScrapeWhileRowsMoveThroughTheWriters() throws Exception {
        MeterRegistry meters = new SimpleMeterRegistry();
        StorageComponent storage = new StorageComponent(
                StorageProperties.builder().dataDir(dataDir).queue(20_000, 20, 20).writers(2, 1)
                        .flushInterval(Duration.ofMillis(1)).build(),
                new LifecycleEnvironment(WorkerRegistry.shared(), meters));
        storage.start();
        try {
            int offered = 0;
            int unbalanced = 0;
            for (int batch = 0; batch < 500; batch++) {
                assertThat(storage.events().offer(SampleRows.events("m", batch * 10, 10), Duration.ofSeconds(30)))
                        .isEqualTo(Admission.ACCEPTED);
                offered += 10;
                for (int scrape = 0; scrape < 20; scrape++) {
                    unbalanced += scrapeBalances(meters) ? 0 : 1;
                }
            }
            assertThat(unbalanced).as("scrapes that did not balance, of 10,000 taken while rows moved").isZero();
            int total = offered;
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5)).untilAsserted(() -> {
                assertThat(scrapeBalances(meters)).isTrue();
                assertThat(read(meters, "keel.storage.stored")).isEqualTo(total);
            });
            assertThat(read(meters, "keel.storage.queued")).isZero();
            assertThat(read(meters, "keel.storage.in_flight")).isZero();
            assertThat(meters.find("keel.storage.spool.pending").tag("table", "alerts").gauge().value()).isZero();
        } finally {
            storage.stop();
        }
    }
}
