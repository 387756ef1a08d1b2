package dev.keel.detect.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.detect.TestEvents;
import dev.keel.detect.metrics.DetectMetrics;
import dev.keel.lifecycle.Admission;
import dev.keel.lifecycle.WorkerContext;
import dev.keel.storage.Alert;
import dev.keel.storage.Event;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolReplayerTest {

    @TempDir
    Path dir;

    private final List<Event> input = new ArrayList<>();
    private final List<Event> stored = new ArrayList<>();
    private final List<Alert> alerts = new ArrayList<>();
    private volatile boolean stop;

    private final WorkerContext context = new WorkerContext() {
        @Override
        public String component() {
            return "detect";
        }

        @Override
        public String workerId() {
            return "rescue-replay";
        }

        @Override
        public boolean stopRequested() {
            return stop;
        }

        @Override
        public boolean awaitStop(Duration timeout) {
            return stop;
        }

        @Override
        public <C extends AutoCloseable> C closeOnStop(C resource) {
            return resource;
        }

        @Override
        public <C extends AutoCloseable> C closeOnCancel(C resource) {
            return resource;
        }
    };

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private SpoolReplayer replayer(RescueSpool spool, Target<Event> events) {
        return new SpoolReplayer("detect", spool, (items, wait) -> add(input, items), events,
                (items, wait) -> add(alerts, items), new DetectMetrics(meters, "detect"));
    }

    /** A target that takes at most {@code capacity} items at once, as a queue of that capacity would. */
    private Target<Event> storing(int capacity) {
        return (items, wait) -> items.size() > capacity ? Admission.FULL : add(stored, items);
    }

    private static <T> Admission add(List<T> into, List<T> items) {
        into.addAll(items);
        return Admission.ACCEPTED;
    }

    @Test
    void eachKindGoesWhereItBelongsAndReplayedFilesAreDeleted() throws Exception {
        RescueSpool spool = new RescueSpool(dir);
        List<Event> unmatched = TestEvents.plain(3);
        List<Event> matched = TestEvents.plain(2);
        Alert alert = new Alert("a1", "r1", "Rule", "high", 1L, "user=x", List.of("e1"), "summary");
        spool.write(SpoolKind.UNMATCHED, unmatched);
        spool.write(SpoolKind.MATCHED, matched);
        spool.write(SpoolKind.ALERTS, List.of(alert));

        replayer(spool, (items, wait) -> add(stored, items)).replay(context);

        assertThat(input).isEqualTo(unmatched);
        assertThat(stored).isEqualTo(matched);
        assertThat(alerts).containsExactly(alert);
        assertThat(spool.pending()).isEmpty();
    }

    @Test
    void aStopMidFileKeepsOnlyWhatIsLeft() throws Exception {
        RescueSpool spool = new RescueSpool(dir);
        List<Event> matched = TestEvents.plain(5);
        Path file = spool.write(SpoolKind.MATCHED, matched);
        Target<Event> twoAtATime = storing(2);

        replayer(spool, (items, wait) -> {
            Admission admission = twoAtATime.offer(items, wait);
            stop |= admission.accepted(); // the stop comes while the first chunk is being handed on
            return admission;
        }).replay(context);

        assertThat(stored).isEqualTo(matched.subList(0, 2));
        assertThat(spool.read(file, Event.class)).isEqualTo(matched.subList(2, 5));
    }

    @Test
    void aStopBetweenFilesLeavesTheNextFileWhole() throws Exception {
        RescueSpool spool = new RescueSpool(dir);
        List<Event> first = TestEvents.plain(3);
        List<Event> second = TestEvents.plain(3);
        spool.write(SpoolKind.MATCHED, first);
        Path next = spool.write(SpoolKind.MATCHED, second);

        replayer(spool, (items, wait) -> {
            stop = true;
            return add(stored, items);
        }).replay(context);

        assertThat(stored).isEqualTo(first);
        assertThat(spool.pending()).containsExactly(next);
        assertThat(spool.read(next, Event.class)).isEqualTo(second);
    }

    @Test
    void aReplayInterruptedMidFileHandsEveryItemOnExactlyOnceAcrossTwoPasses() throws Exception {
        RescueSpool spool = new RescueSpool(dir);
        List<Event> matched = TestEvents.plain(6);
        spool.write(SpoolKind.MATCHED, matched);
        Target<Event> twoAtATime = storing(2);
        int[] accepted = {0};

        assertThatThrownBy(() -> replayer(spool, (items, wait) -> {
            if (items.size() <= 2 && ++accepted[0] > 1) {
                throw new InterruptedException("the drain deadline");
            }
            return twoAtATime.offer(items, wait);
        }).replay(context)).isInstanceOf(InterruptedException.class);
        assertThat(stored).hasSize(1);

        replayer(spool, storing(100)).replay(context);

        assertThat(stored).as("the next start hands on exactly what the first did not").isEqualTo(matched);
        assertThat(spool.pending()).isEmpty();
        assertThat(meters.counter(DetectMetrics.REPLAYED, "component", "detect", "item", "events").count())
                .isEqualTo(6);
    }

    @Test
    void aFileLargerThanItsTargetTakesAtOnceIsHandedOnInHalvingChunks() throws Exception {
        RescueSpool spool = new RescueSpool(dir);
        List<Event> matched = TestEvents.plain(50);
        spool.write(SpoolKind.MATCHED, matched);
        int[] offers = {0};
        Target<Event> seven = storing(7);

        replayer(spool, (items, wait) -> {
            offers[0]++;
            return seven.offer(items, wait);
        }).replay(context);

        assertThat(stored).isEqualTo(matched);
        assertThat(offers[0]).as("no busy spin on a chunk that can never fit").isLessThan(40);
        assertThat(spool.pending()).isEmpty();
    }

    @Test
    void aCorruptFileIsSetAsideNeverDeleted() throws Exception {
        RescueSpool spool = new RescueSpool(dir);
        Path file = spool.write(SpoolKind.MATCHED, TestEvents.plain(1));
        Files.writeString(file, "{not json\n");

        replayer(spool, (items, wait) -> add(stored, items)).replay(context);

        assertThat(spool.pending()).isEmpty();
        assertThat(file.resolveSibling(file.getFileName() + ".corrupt")).exists();
    }
}
