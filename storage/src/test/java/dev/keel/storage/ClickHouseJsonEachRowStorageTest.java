package dev.keel.storage;

import java.nio.file.Path;

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
}
