package dev.keel.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpIntakeSettingsTest {

    @Test
    void theApiKeysNeverAppearInTheTextOfTheSettingsOrTheirErrors() {
        HttpIntakeSettings settings = settings(List.of("s3cret-key"), 32);

        assertThat(settings.toString()).doesNotContain("s3cret").contains("apiKeys=1 masked")
                .contains("maxConcurrentRequests=32");
        assertThatThrownBy(() -> settings(List.of("s3cret-key"), 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxConcurrentRequests=0").message().doesNotContain("s3cret");
    }

    private static HttpIntakeSettings settings(List<String> keys, int maxConcurrentRequests) {
        return new HttpIntakeSettings(keys, 1024, 512, 4, 16, 10, maxConcurrentRequests,
                maxConcurrentRequests, Duration.ZERO,
                Duration.ofSeconds(5), 0, Duration.ofSeconds(1), Map.of());
    }
}
