package dev.keel.app.endtoend;

import dev.keel.lifecycle.testing.LeakCheck;
import dev.keel.storage.testing.ClickHouseHttp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stop-under-load scenario, run by each ClickHouse a subclass provides. The story of the
 * test: load the whole application, close it in the middle of the load, check that nothing it
 * acknowledged is missing or doubled and that nothing of it is left running; start it again on
 * the same database and directory, and do it all again.
 */
// Longer than the suite's default timeout (5 m): two lives of the application, each waiting up
// to 90 s at several steps.
@Timeout(value = 15, unit = TimeUnit.MINUTES)
abstract class StopUnderLoadContract {

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create().linger(Duration.ofSeconds(30))
            .ignoreThreads("Testcontainers and its Docker client, not ours", StopUnderLoadContract::testcontainers);

    /** The ClickHouse to run on, with credentials that may create databases. */
    abstract ClickHouseHttp clickhouse();

    /** Threads of Testcontainers (its own thread group, Ryuk, duct-tape) and of its Docker client. */
    private static boolean testcontainers(Thread thread) {
        ThreadGroup group = thread.getThreadGroup();
        return (group != null && group.getName().equals("testcontainers"))
                || LeakCheck.named("testcontainers", "ducttape-", "docker-java-").test(thread);
    }

    @Test
    void everyAcknowledgedEventIsStoredExactlyOnceWhenTheAppStopsUnderLoadAndAgainAfterARestart(@TempDir Path directory)
            throws Exception {
        StopUnderLoadScenario scenario = new StopUnderLoadScenario(clickhouse(), "e2e_stop_under_load", directory);

        LoadRun first = scenario.runAndStopUnderLoad("r1");
        leaks.verifyNoLeaks(); // the context is closed: none of its threads or workers may be left
        ExactlyOnceChecks.accountsBalance(first);
        ExactlyOnceChecks.storedExactlyOnce(scenario.tables(), List.of(first));

        LoadRun second = scenario.runAndStopUnderLoad("r2"); // same database, same data directory
        leaks.verifyNoLeaks();
        ExactlyOnceChecks.accountsBalance(second);
        ExactlyOnceChecks.restartReplayed(first, second);
        ExactlyOnceChecks.storedExactlyOnce(scenario.tables(), List.of(first, second));
    }
}
