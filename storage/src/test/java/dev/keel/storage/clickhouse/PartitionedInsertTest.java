package dev.keel.storage.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.client.api.ServerException;
import dev.keel.storage.Event;
import dev.keel.storage.testing.SampleRows;
import dev.keel.storage.writer.Deliveries;
import dev.keel.storage.writer.PendingRows;
import dev.keel.storage.writer.RowDelivery;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Current ClickHouse refuses an insert block spanning more than 100 partitions (months of client timestamps). */
class PartitionedInsertTest {

    @TempDir
    Path directory;

    @Test
    void aBatchSpanningTooManyMonthsIsWrittenInHalvesAndNoRowIsDeadLettered() {
        Deliveries fakes = new Deliveries(directory);
        List<List<Event>> stored = new ArrayList<>();
        RowDelivery<Event> delivery = fakes.events(rows -> {
            long months = rows.stream().map(e -> Instant.ofEpochMilli(e.timestamp()).atZone(ZoneOffset.UTC))
                    .map(t -> t.getYear() * 12 + t.getMonthValue()).distinct().count();
            if (months > 100) {
                throw ClickHouseFailures.classify("insert", new ServerException(252, "Code: 252. DB::Exception: Too many "
                        + "partitions for single INSERT block (more than 100)", 500, "q"), rows.size());
            }
            stored.add(List.copyOf(rows));
        });
        List<Event> batch = new ArrayList<>();
        for (int month = 0; month < 300; month++) { // one event a month for 25 years
            batch.add(SampleRows.sparseEvent("m-" + month, SampleRows.BASE_TIME + month * 31L * 86_400_000L));
        }
        Deliveries.Counted counted = new Deliveries.Counted();

        RowDelivery.Result result = delivery.deliver(new PendingRows<>(batch), RowDelivery.Mode.INTAKE, counted);

        assertThat(result).isEqualTo(RowDelivery.Result.DELIVERED);
        assertThat(counted.stored).isEqualTo(300);
        assertThat(fakes.letters).isEmpty();
        assertThat(stored).allSatisfy(slice -> assertThat(slice.size()).isLessThanOrEqualTo(100));
    }
}
