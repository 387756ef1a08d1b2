package dev.keel.app.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keel.app.support.Http;
import dev.keel.lifecycle.testing.LeakCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C on {@code mvn spring-boot:run}, played exactly: the terminal sends the service SIGINT,
 * and the plugin sends SIGTERM while the stop still runs. The stop runs fully (every component
 * stops cleanly), the second signal is logged and ignored, and the process exits with SIGINT's
 * status 130, which the plugin accepts, instead of SIGTERM's 143, which it reports as a build
 * failure. The held component keeps the stop running until the test has sent both signals.
 */
class RepeatedSignalTest {

    private static final Duration PATIENCE = Duration.ofMinutes(2);

    @RegisterExtension
    LeakCheck leaks = LeakCheck.create().linger(Duration.ofSeconds(30));

    @Test
    void aSigtermDuringTheStopThatSigintBeganIsIgnoredAndTheStopRunsFully(@TempDir Path directory) throws Exception {
        Path release = directory.resolve("release");
        int status;
        String log;
        try (Http http = new Http();
                KeelProcess keel = KeelProcess.start(KeelWithHeldStop.class, directory,
                        Map.of(HeldStopWiring.RELEASE, release))) {
            keel.awaitReady(http, PATIENCE);
            keel.signal("INT");
            await("the stop to reach the held component").atMost(PATIENCE)
                    .until(() -> keel.log().contains(HeldStopComponent.HOLDING));
            keel.signal("TERM");
            await("the second signal to be ignored").atMost(PATIENCE)
                    .until(() -> keel.log().contains("SIGTERM ignored"));
            Files.createFile(release);
            status = keel.awaitExit(PATIENCE);
            log = keel.log();
        }

        assertThat(status).as("SIGINT's exit status, not SIGTERM's\n%s", log).isEqualTo(130);
        List<StopLogLine> stops = StopLogLine.parseAll(log);
        assertThat(stops).as("every component stopped, in stop order\n%s", log).extracting(StopLogLine::component)
                .containsExactly("console", "http", "ingest", "detect", HeldStopComponent.NAME, "storage");
        assertThat(stops).as("cleanly: the graceful shutdown ran to its end\n%s", log).allMatch(StopLogLine::clean);
    }
}
