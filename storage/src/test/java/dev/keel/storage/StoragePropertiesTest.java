package dev.keel.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

class StoragePropertiesTest {

    private static StorageProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("keel.storage", StorageProperties.class);
    }

    @Test
    void theDefaultsAreTheEmbeddedBackendWithBatchesOfTenThousandRowsOrOneSecond() {
        StorageProperties defaults = StorageProperties.defaults();

        assertThat(defaults.backend()).isEqualTo(StorageProperties.Backend.EMBEDDED);
        assertThat(defaults.database()).isEqualTo("keel");
        assertThat(defaults.dataDir()).isEqualTo(Path.of("data"));
        assertThat(defaults.batchSize()).isEqualTo(10_000);
        assertThat(defaults.maxBatchSize()).isEqualTo(StorageProperties.MAX_BATCH_SIZE);
        assertThat(defaults.spool().maxBytes()).isEqualTo(DataSize.ofGigabytes(10));
        assertThat(defaults.flushInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(defaults.queueCapacity()).isEqualTo(50_000);
        assertThat(defaults.writers()).isEqualTo(2);
        assertThat(defaults.stopTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(defaults.retry().giveUpAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.spoolDirectory()).isEqualTo(Path.of("data", "spool"));
        assertThat(defaults.deadLetterDirectory()).isEqualTo(Path.of("data", "dead-letters"));
        assertThat(defaults.clickhouse().url()).isEqualTo("http://127.0.0.1:8123");
    }

    @Test
    void kebabCaseKeysBindIncludingTheNestedGroups() {
        StorageProperties bound = bind(Map.of(
                "keel.storage.backend", "clickhouse",
                "keel.storage.clickhouse.url", "http://db:8123",
                "keel.storage.clickhouse.password", "secret",
                "keel.storage.batch-size", "5000",
                "keel.storage.retry.give-up-after", "10s",
                "keel.storage.spool.dir", "/var/spool/keel",
                "keel.storage.spool.replay-interval", "2s",
                "keel.storage.spool.max-bytes", "512MB",
                "keel.storage.max-batch-size", "40000"));

        assertThat(bound.backend()).isEqualTo(StorageProperties.Backend.CLICKHOUSE);
        assertThat(bound.clickhouse().url()).isEqualTo("http://db:8123");
        assertThat(bound.batchSize()).isEqualTo(5000);
        assertThat(bound.retry().giveUpAfter()).isEqualTo(Duration.ofSeconds(10));
        assertThat(bound.retry().initialBackoff()).isEqualTo(Duration.ofMillis(100));
        assertThat(bound.spoolDirectory()).isEqualTo(Path.of("/var/spool/keel"));
        assertThat(bound.spool().replayInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(bound.spool().maxBytes()).isEqualTo(DataSize.ofMegabytes(512));
        assertThat(bound.maxBatchSize()).isEqualTo(40_000);
        assertThat(bound.clickhouse().toString()).doesNotContain("secret");
    }

    @Test
    void theBuilderChangesOnlyWhatItIsToldAndValidatesTheResult() {
        StorageProperties changed = StorageProperties.builder().queue(2_000, 100, 500).writers(3, 2)
                .stopTimeout(Duration.ofSeconds(9)).build();

        assertThat(changed.queueCapacity()).isEqualTo(2_000);
        assertThat(changed.batchSize()).isEqualTo(100);
        assertThat(changed.maxBatchSize()).isEqualTo(500);
        assertThat(changed.writers()).isEqualTo(3);
        assertThat(changed.alertWriters()).isEqualTo(2);
        assertThat(changed.stopTimeout()).isEqualTo(Duration.ofSeconds(9));
        assertThat(changed.toBuilder().build()).isEqualTo(changed);
        assertThat(changed.toBuilder().build().retry()).isEqualTo(StorageProperties.defaults().retry());
        assertThatThrownBy(() -> changed.toBuilder().queue(50, 100, 100).build())
                .hasMessageContaining("must not exceed keel.storage.queue-capacity");
    }

    @Test
    void badValuesAreRefusedWithTheNameOfTheProperty() {
        assertThatThrownBy(() -> bind(Map.of("keel.storage.database", "keel; DROP TABLE x")))
                .isInstanceOf(BindException.class).rootCause().hasMessageContaining("keel.storage.database");
        assertThatThrownBy(() -> bind(Map.of("keel.storage.batch-size", "200000")))
                .rootCause().hasMessageContaining("keel.storage.batch-size");
        assertThatThrownBy(() -> bind(Map.of("keel.storage.queue-capacity", "100")))
                .rootCause().hasMessageContaining("must not exceed keel.storage.queue-capacity");
        assertThatThrownBy(() -> bind(Map.of("keel.storage.clickhouse.url", "127.0.0.1:8123")))
                .rootCause().hasMessageContaining("keel.storage.clickhouse.url");
        assertThatThrownBy(() -> bind(Map.of("keel.storage.retry.max-backoff", "10ms")))
                .rootCause().hasMessageContaining("max-backoff");
        assertThatThrownBy(() -> StorageProperties.builder().writers(0, 1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keel.storage.writers");
        assertThatThrownBy(() -> bind(Map.of("keel.storage.batch-size", "20000", "keel.storage.max-batch-size", "15000")))
                .rootCause().hasMessageContaining("keel.storage.max-batch-size");
        assertThatThrownBy(() -> bind(Map.of("keel.storage.spool.max-bytes", "0B")))
                .rootCause().hasMessageContaining("keel.storage.spool.max-bytes");
    }
}
