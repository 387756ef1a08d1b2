package dev.keel.detect;

import static dev.keel.detect.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keel.detect.engine.ActiveRules.LogSourceSeen;
import dev.keel.lifecycle.testing.LeakCheck;
import dev.keel.storage.Alert;
import dev.keel.storage.Event;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rule's {@code logsource} scopes it to the events of that log source, as Sigma intends: a
 * {@code not selection} rule for Zeek does not fire on every Windows event. Events name their
 * log source in their {@code logsource} attribute; the status says which were seen.
 */
class LogSourceScopingTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @RegisterExtension
    LeakCheck leaks = LeakCheck.create();

    @TempDir
    Path dir;

    @Test
    void aScopedRuleSeesOnlyEventsOfItsLogSourceAndTheStatusCountsThem() {
        ComponentFixture f = new ComponentFixture(dir).rule("auth.yml", """
                title: Root login over ssh
                id: root-ssh
                logsource:
                    product: linux
                    service: auth
                detection:
                    s:
                        user: root
                    condition: s
                """).rule("zeek.yml", """
                title: RDP without a cookie
                id: zeek-rdp
                logsource:
                    product: zeek
                    service: rdp
                detection:
                    s:
                        cookie|exists: true
                    condition: not s
                """).rule("any.yml", """
                title: Anyone called mallory
                id: mallory
                detection:
                    s:
                        user: mallory
                    condition: s
                """);
        try (ComponentFixture started = f.start()) {
            Event unscoped = event("root", "login", "no log source");
            Event auth = event("root", "login", "auth", "logsource", Map.of("product", "linux", "service", "auth"));
            Event flat = event("root", "login", "flat keys", "logsource.product", "Linux", "logsource.service", "AUTH");
            Event windows = event("root", "login", "windows", "logsource", Map.of("product", "windows"));
            Event zeek = event("x", "rdp", "zeek", "logsource", Map.of("product", "zeek", "service", "rdp"));
            Event mallory = event("mallory", "login", "windows too", "logsource", Map.of("product", "windows"));
            List<Event> all = List.of(unscoped, auth, flat, windows, zeek, mallory);
            f.detect.offer(all);
            await().atMost(PATIENCE).until(() -> f.events.count() == all.size());
            await().atMost(PATIENCE).until(() -> f.alerts.alerts().size() == 4);

            assertThat(f.alerts.alertsOf("root-ssh")).extracting(alert -> alert.eventIds().getFirst())
                    .containsExactlyInAnyOrder(auth.eventId(), flat.eventId());
            assertThat(f.alerts.alertsOf("zeek-rdp")).extracting(alert -> alert.eventIds().getFirst())
                    .as("'not s' fires only on zeek's own events").containsExactly(zeek.eventId());
            assertThat(f.alerts.alertsOf("mallory")).extracting(Alert::ruleId).hasSize(1);

            DetectStatus status = f.detect.status();
            assertThat(status.rulesByLogSource()).containsExactly(Map.entry("any", 1),
                    Map.entry("product=linux service=auth", 1), Map.entry("product=zeek service=rdp", 1));
            assertThat(status.logSourcesSeen()).containsExactlyInAnyOrder(
                    new LogSourceSeen("any", 1, 1),
                    new LogSourceSeen("product=linux service=auth", 2, 2),
                    new LogSourceSeen("product=windows", 2, 1),
                    new LogSourceSeen("product=zeek service=rdp", 1, 2));
        }
    }
}
