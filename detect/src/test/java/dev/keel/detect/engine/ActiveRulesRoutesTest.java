package dev.keel.detect.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.detect.TestRules;
import dev.keel.detect.metrics.DetectMetrics;
import dev.keel.detect.rule.LogSource;
import dev.keel.detect.rule.RuleLoad;
import dev.keel.detect.rule.RuleRepository;
import dev.keel.storage.Event;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Made-up log sources in events cannot make the engine build or remember without bound. */
class ActiveRulesRoutesTest {

    @TempDir
    Path dir;

    @Test
    void logSourcesThatAdmitTheSameRulesShareOneRouteAndTheRememberedOnesAreBounded() throws Exception {
        TestRules.write(dir, "windows.yml", """
                title: windows
                id: windows
                logsource:
                    product: windows
                detection:
                    s:
                        CommandLine|contains: whoami
                    condition: s
                """);
        TestRules.write(dir, "any.yml", """
                title: any
                id: any
                detection:
                    s:
                        CommandLine|contains: mimikatz
                    condition: s
                """);
        RuleLoad load = new RuleRepository(dir, Duration.ofSeconds(1)).load();
        DetectMetrics metrics = new DetectMetrics(new SimpleMeterRegistry(), "detect");
        ActiveRules active = ActiveRules.of(load.rules(), ActiveRules.empty(),
                new ActiveRules.WindowLimits(10, 100, metrics::eviction), 10, Duration.ofMinutes(1));

        int made = ActiveRules.MAX_ROUTES * 2;
        for (int i = 0; i < made; i++) {
            String product = i % 2 == 0 ? "windows" : "product-" + i;
            Event event = new Event("e" + i, 1L, 1L, "test", "h", null, null, null, null, "m",
                    Map.of("CommandLine", "whoami /all", "logsource", Map.of("product", product, "category", "c" + i)));
            assertThat(active.candidatesFor(active.rules().view(event), LogSource.of(event)))
                    .extracting(detection -> detection.rule().id())
                    .as("event %d", i).containsExactlyElementsOf(i % 2 == 0 ? List.of("windows")
                            : List.of());
        }
        assertThat(active.routeCount()).as("two sets of admitted rules: windows and any, or any alone").isEqualTo(2);
        assertThat(active.logSourcesSeen()).hasSize(ActiveRules.MAX_ROUTES);
    }
}
