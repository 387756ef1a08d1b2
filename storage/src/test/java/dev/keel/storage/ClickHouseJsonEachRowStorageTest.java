package dev.keel.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.lifecycle.Admission;
import dev.keel.storage.testing.ClickHouseHttp;
import dev.keel.storage.testing.SampleRows;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The store contract against 18.16 with {@code insert-format: json-each-row}: here the server
 * checks every value, and a bad row is found from the row number it names (dropped, the rest sent
 * again as one slice), or by halving the batch when it names none (an unknown enum element).
 */
class ClickHouseJsonEachRowStorageTest extends ClickHouseStorageTest {

    @Override
    StorageProperties properties(Path dataDir, String database) {
        StorageProperties properties = super.properties(dataDir, database);
        return properties.toBuilder().clickhouse(
                properties.clickhouse().withInsertFormat(StorageProperties.ClickHouse.InsertFormat.JSON_EACH_ROW))
                .build();
    }

    @Override
    int mostEventInsertsFor(int rows, int bad) {
        return bad + 1; // the server names one bad row per insert
    }

    @Test
    void aFieldTheTableHasNoColumnForFailsTheInsertSoItsRowsAreSpooledNotStoredWithoutIt() throws Exception {
        ClickHouseHttp http = clickhouse.server().http();
        assertThat(http.query("SELECT value FROM system.settings WHERE name = 'input_format_skip_unknown_fields'"
                + " FORMAT TabSeparated").strip()).as("the fixture skips unknown fields by default, as current releases do")
                .isEqualTo("1");
        StorageComponent storage = start(properties());
        http.query("ALTER TABLE " + database + ".events DROP COLUMN user");

        assertThat(storage.events().offer(SampleRows.events("u", 0, 50))).isEqualTo(Admission.ACCEPTED);
        TableCounters refused = awaitCounters(storage, "events", c -> c.settled() && c.spooled() == 50);

        assertThat(refused.stored() + refused.deadLettered() + refused.lost()).isZero();
        assertThat(storage.health().lastFailure()).contains("Unknown field found").contains("user");
        assertThat(http.queryLong("SELECT count() FROM " + database + ".events")).isZero();

        http.query("ALTER TABLE " + database + ".events ADD COLUMN user Nullable(String) AFTER host");
        awaitCounters(storage, "events", c -> c.replayed() == 50 && c.spoolPending() == 0);
        assertThat(http.queryLong("SELECT count() FROM " + database + ".events WHERE user IS NOT NULL")).isEqualTo(50);
    }
}
