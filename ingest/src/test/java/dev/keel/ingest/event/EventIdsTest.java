package dev.keel.ingest.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventIdsTest {

    @Test
    void idsAreVersion7UuidsCarryingTheirMillisecond() {
        long millis = 1_764_000_000_123L;

        UUID id = UUID.fromString(EventIds.next(millis));

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(millis);
    }

    @Test
    void idsOfTheSameMillisecondAreUnique() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 200_000; i++) {
            ids.add(EventIds.next(42));
        }

        assertThat(ids).hasSize(200_000);
    }
}
