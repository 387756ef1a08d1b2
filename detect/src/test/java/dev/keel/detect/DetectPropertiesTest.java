package dev.keel.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;

class DetectPropertiesTest {

    @Test
    void defaultsComeFromTheDefaultValueAnnotations() {
        DetectProperties defaults = DetectProperties.defaults();
        assertThat(defaults.rulesDir()).isEqualTo(Path.of("rules"));
        assertThat(defaults.queueCapacity()).isEqualTo(10_000);
        assertThat(defaults.matcherThreads()).isEqualTo(2);
        assertThat(defaults.batchSize()).isEqualTo(500);
        assertThat(defaults.regexTimeout()).isEqualTo(Duration.ofMillis(100));
        assertThat(defaults.stopTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.quarantine().failures()).isEqualTo(10);
        assertThat(defaults.correlation().maxKeys()).isEqualTo(10_000);
        assertThat(defaults.correlation().sweepInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.correlation().maxEntries()).isEqualTo(100_000);
        assertThat(defaults.rescueReplayInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.actions().queueCapacity()).isEqualTo(1000);
        assertThat(defaults.actions().webhookTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(defaults.actions().breaker().failureRateThreshold()).isEqualTo(50f);
        assertThat(defaults.actions().breaker().idleTimeout()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void kebabCaseKeysBindIncludingNestedGroups(@org.junit.jupiter.api.io.TempDir Path dir) {
        DetectProperties bound = TestRules.properties(dir.resolve("r"), dir.resolve("s"), "matcher-threads", "7",
                "correlation.max-keys", "42", "actions.breaker.open-duration", "3s", "quarantine.window", "2m",
                "correlation.max-entries", "500", "rescue-replay-interval", "1m");
        assertThat(bound.rulesDir()).isEqualTo(dir.resolve("r"));
        assertThat(bound.matcherThreads()).isEqualTo(7);
        assertThat(bound.correlation().maxKeys()).isEqualTo(42);
        assertThat(bound.actions().breaker().openDuration()).isEqualTo(Duration.ofSeconds(3));
        assertThat(bound.quarantine().window()).isEqualTo(Duration.ofMinutes(2));
        assertThat(bound.correlation().maxEntries()).isEqualTo(500);
        assertThat(bound.rescueReplayInterval()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void invalidValuesAreRejectedNamingTheProperty(@org.junit.jupiter.api.io.TempDir Path dir) {
        assertThatThrownBy(() -> TestRules.properties(dir, dir, "matcher-threads", "0"))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("keel.detect.matcher-threads must be >= 1");
        assertThatThrownBy(() -> TestRules.properties(dir, dir, "actions.webhook-timeout", "0s"))
                .rootCause().hasMessageContaining("keel.detect.actions.webhook-timeout must be positive");
        assertThatThrownBy(() -> TestRules.properties(dir, dir, "actions.breaker.failure-rate-threshold", "150"))
                .rootCause().hasMessageContaining("failure-rate-threshold must be in 1..100");
    }
}
