package dev.keel.storage.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.storage.codec.EventCodec;
import dev.keel.storage.testing.SampleRows;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ServerFeaturesTest {

    @Test
    void insertDeduplicationNeedsBothTheTokenSettingAndTheTableWindow() {
        Set<String> current = Set.of("async_insert", "wait_for_async_insert", "input_format_parallel_parsing",
                "insert_deduplication_token");

        assertThat(ServerFeatures.of("26.3.1", current, true, true).deduplication()).isTrue();
        assertThat(ServerFeatures.of("18.16.1", Set.of(), false, false).deduplication()).isFalse();
        assertThat(ServerFeatures.of("21.1", Set.of("async_insert"), true, true).deduplication()).isFalse();
        assertThat(ServerFeatures.of("26.3.1", current, true, true).settings())
                .containsOnlyKeys("async_insert", "wait_for_async_insert", "input_format_parallel_parsing");
    }

    @Test
    void theMigrationToTheDeduplicationWindowIsLeftForAServerThatHasIt() {
        ServerFeatures old = ServerFeatures.of("18.16.1", Set.of(), false, false);
        ServerFeatures current = ServerFeatures.of("26.3.1", Set.of("insert_deduplication_token"), true, true);

        assertThat(ClickHouseSchema.migrations("keel", old)).extracting(m -> m.version()).containsExactly(1);
        assertThat(ClickHouseSchema.migrations("keel", current)).extracting(m -> m.version()).containsExactly(1, 2);
        assertThat(ClickHouseSchema.migrations("keel", current).get(1).statements())
                .allMatch(sql -> sql.contains("non_replicated_deduplication_window = 1000"));
    }

    @Test
    void theSameRowsGiveTheSameTokenAndOtherRowsAnother() {
        String token = InsertToken.of(EventCodec.INSTANCE, SampleRows.events("t", 0, 500));

        assertThat(InsertToken.of(EventCodec.INSTANCE, SampleRows.events("t", 0, 500))).isEqualTo(token);
        assertThat(InsertToken.of(EventCodec.INSTANCE, SampleRows.events("t", 0, 499))).isNotEqualTo(token);
        assertThat(InsertToken.of(EventCodec.INSTANCE, SampleRows.events("t", 1, 500))).isNotEqualTo(token);
        assertThat(token).startsWith("keel-events-500-");
    }
}
