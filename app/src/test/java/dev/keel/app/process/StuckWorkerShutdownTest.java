package dev.keel.app.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.app.support.Http;
import dev.keel.lifecycle.testing.LeakCheck;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker that ignores interrupts cannot hold the process hostage: its component's stop times
 * out and says which worker, with its stack; the components after it still stop cleanly; the
 * process exits by itself.
 */
class StuckWorkerShutdownTest {

    @RegisterExtension
    LeakCheck leaks = LeakCheck.create().linger(Duration.ofSeconds(30));

    static final Duration STARTUP = Duration.ofSeconds(90);
    /** Stopping Tomcat, closing the context, the JVM's exit, on a loaded 2-core machine (see {@link ShutdownBudget}). */
    static final Duration SLACK = Duration.ofSeconds(15);

    @Test
    void aStuckWorkerTimesOutItsComponentWithItsStackAndTheProcessStillExits(@TempDir Path directory)
            throws Exception {
        int status;
        String log;
        ShutdownBudget budget;
        try (Http http = new Http();
                KeelProcess keel = KeelProcess.start(KeelWithStuckComponent.class, directory, Map.of())) {
            keel.awaitReady(http, STARTUP);
            budget = ShutdownBudget.of(keel, http, SLACK);
            assertThat(budget.componentStops().keySet()).as("the stuck component runs in the child, in start order")
                    .containsExactly("storage", StuckComponent.NAME, "detect", "ingest", "http", "console");
            assertThat(budget.componentStops()).containsEntry(StuckComponent.NAME, StuckComponent.STOP_TIMEOUT);
            keel.sigterm();
            status = keel.awaitExit(budget.total());
            log = keel.log();
        }

        assertThat(status).as("exit status after SIGTERM\n%s", log).isIn(143, 0);
        List<StopLogLine> stops = StopLogLine.parseAll(log);
        assertThat(stops).as("one stop outcome per component, in stop order\n%s", log)
                .extracting(StopLogLine::component)
                .containsExactly("console", "http", "ingest", "detect", StuckComponent.NAME, "storage");

        StopLogLine stuck = stops.get(4);
        assertThat(stuck.clean()).as(stuck.text()).isFalse();
        assertThat(stuck.millis()).as("the stop waited its whole timeout, and no longer than Spring's phase")
                .isBetween(StuckComponent.STOP_TIMEOUT.toMillis(), budget.httpDrain().toMillis());
        assertThat(stuck.text()).as("the outcome names the stuck worker and where it is stuck")
                .contains("still running:")
                .contains("\"" + StuckComponent.THREAD + "\" (platform")
                .contains("at " + StuckComponent.class.getName() + ".sleepThroughEveryInterrupt(");

        assertThat(stops).filteredOn(stop -> !stop.component().equals(StuckComponent.NAME))
                .as("the other components still stopped cleanly\n%s", log).allMatch(StopLogLine::clean);
        assertThat(log).as("Spring never gave up on a phase: the component's own outcome is what got reported")
                .doesNotContain("still running after timeout");
    }
}
