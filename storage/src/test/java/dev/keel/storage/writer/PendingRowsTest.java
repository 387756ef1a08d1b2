package dev.keel.storage.writer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PendingRowsTest {

    private static List<Integer> rows(int count) {
        return IntStream.range(0, count).boxed().toList();
    }

    @Test
    void aHintSplitsTheSliceIntoTheRowsBeforeTheSuspectAndTheRowsAfter() {
        PendingRows<Integer> pending = new PendingRows<>(rows(10));

        pending.split(4);

        assertThat(pending.next()).containsExactly(0, 1, 2, 3);
        pending.resolved();
        assertThat(pending.next()).containsExactly(4);
        pending.resolved();
        assertThat(pending.next()).containsExactly(5, 6, 7, 8, 9);
    }

    @Test
    void withoutAHintTheSliceIsHalved() {
        PendingRows<Integer> pending = new PendingRows<>(rows(9));

        pending.split(-1);

        assertThat(pending.next()).containsExactly(0, 1, 2, 3);
        pending.split(-1);
        assertThat(pending.next()).containsExactly(0, 1);
        assertThat(pending.unresolved()).isEqualTo(rows(9));
    }

    @Test
    void aHintOnTheFirstRowIsolatesIt() {
        PendingRows<Integer> pending = new PendingRows<>(rows(3));

        pending.split(0);

        assertThat(pending.next()).containsExactly(0);
        pending.resolved();
        assertThat(pending.next()).containsExactly(1, 2);
    }

    @Test
    void unresolvedIsWhatIsLeftInBatchOrder() {
        PendingRows<Integer> pending = new PendingRows<>(rows(8));
        pending.split(-1);
        pending.resolved();
        pending.split(1);

        assertThat(pending.unresolved()).containsExactly(4, 5, 6, 7);
        assertThat(pending.size()).isEqualTo(4);
    }
}
