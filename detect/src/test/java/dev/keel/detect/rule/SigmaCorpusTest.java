package dev.keel.detect.rule;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every rule file of a SigmaHQ checkout loads: point {@code KEEL_SIGMA_CORPUS} at a directory
 * holding its {@code rules/}, {@code rules-emerging-threats/} and {@code rules-threat-hunting/}
 * (their rules are not committed here). Without it the test skips, saying so.
 */
class SigmaCorpusTest {

    @Test
    void everyRuleFileOfTheCorpusLoads() throws IOException {
        String corpus = System.getenv("KEEL_SIGMA_CORPUS");
        Assumptions.assumeTrue(corpus != null && !corpus.isBlank(),
                "KEEL_SIGMA_CORPUS is not set (a SigmaHQ checkout's rule directories); skipping");
        Path directory = Path.of(corpus);
        assertThat(directory).isDirectory();

        RuleLoad load = new RuleRepository(directory, Duration.ofMillis(100), Map.of()).load();

        assertThat(load.files()).as("rule files found").isGreaterThan(1000);
        assertThat(load.errors()).as("rejected files:%n%s", load.errors().stream().limit(30)
                .map(RuleLoadError::toString).collect(Collectors.joining("\n"))).isEmpty();
        assertThat(load.rules().detectionRules().size() + load.rules().correlationRules().size())
                .as("rules").isGreaterThanOrEqualTo(load.files());
    }
}
