package dev.keel.detect.spool;

import static org.assertj.core.api.Assertions.assertThat;

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

    private SpoolReplayer replayer(RescueSpool spool, SpoolReplayer.Target<Event> events) {
        return new SpoolReplayer("detect", spool, (items, wait) -> add(input, items), events,
                (items, wait) -> add(alerts, items), 2, new DetectMetrics(new SimpleMeterRegistry(), "detect"));
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
        int[] offers = {0};

        replayer(spool, (items, wait) -> {
            if (++offers[0] > 1) {
                stop = true;
                return Admission.FULL;
            }
            return add(stored, items);
        }).replay(context);

        assertThat(stored).isEqualTo(matched.subList(0, 2));
        assertThat(spool.readEvents(file)).isEqualTo(matched.subList(2, 5));
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
