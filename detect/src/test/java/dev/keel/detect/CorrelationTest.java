package dev.keel.detect;

import static dev.keel.detect.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keel.detect.metrics.DetectMetrics;
import dev.keel.lifecycle.testing.LeakCheck;
import dev.keel.storage.Alert;
import dev.keel.storage.Event;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class CorrelationTest {

    @RegisterExtension
    LeakCheck leaks = LeakCheck.create();

    @TempDir
    Path dir;

    private ComponentFixture bruteForce(String timespan, String... properties) {
        return new ComponentFixture(dir, properties).rule("brute-force.yml", """
                title: Failed login
                name: failed_login
                id: failed-login
                level: low
                detection:
                    selection:
                        action: login_failed
                    condition: selection
                ---
                title: Brute force against one account
                id: brute-force
                level: high
                correlation:
                    type: event_count
                    rules:
                        - failed_login
                    group-by:
                        - user
                    timespan: %s
                    condition:
                        gte: 5
                """.formatted(timespan));
    }

    @Test
    void fiveFailedLoginsByOneUserWithinAMinuteRaiseExactlyOneAlert() {
        try (ComponentFixture f = bruteForce("1m").start()) {
            List<Event> alice = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                Event attempt = event("alice", "login_failed", "bad password " + i);
                alice.add(attempt);
                f.detect.offer(List.of(attempt));
                f.detect.offer(List.of(event("bob", i < 4 ? "login_failed" : "login", "attempt " + i)));
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> f.events.count() == 10);
            await().atMost(Duration.ofSeconds(30)).until(() -> f.alerts.alerts().size() == 1);
            Alert alert = f.alerts.alerts().getFirst();
            assertThat(alert.ruleId()).isEqualTo("brute-force");
            assertThat(alert.level()).isEqualTo("high");
            assertThat(alert.groupKey()).isEqualTo("user=alice");
            assertThat(alert.eventIds()).containsExactlyInAnyOrderElementsOf(alice.stream().map(Event::eventId).toList());
            assertThat(alert.summary()).contains("5 events").contains("within 1m").contains("user=alice");
            assertThat(f.counter(DetectMetrics.ALERTS_RAISED, "kind", "correlation")).isEqualTo(1);
            assertThat(f.counter(DetectMetrics.ALERTS_RAISED, "kind", "detection"))
                    .as("the base rule raises none of its own: generate is false").isZero();

            f.detect.offer(List.of(event("alice", "login_failed", "one more")));
            await().atMost(Duration.ofSeconds(30)).until(() -> f.events.count() == 11);
            assertThat(f.alerts.alerts()).as("the sixth attempt starts a new count").hasSize(1);
        }
    }

    @Test
    void theSweeperDropsWindowsOnceTheirTimespanHasPassed() {
        try (ComponentFixture f = bruteForce("1s").start()) {
            f.detect.offer(List.of(event("carol", "login_failed", "x"), event("dave", "login_failed", "x")));

            await().atMost(Duration.ofSeconds(30)).until(() -> f.gauge(DetectMetrics.CORRELATION_KEYS) == 2);
            await().atMost(Duration.ofSeconds(30)).until(() -> f.gauge(DetectMetrics.CORRELATION_KEYS) == 0);
            assertThat(f.counter(DetectMetrics.CORRELATION_EXPIRED)).isEqualTo(2);
            assertThat(f.alerts.alerts()).isEmpty();
        }
    }

    @Test
    void windowsAreBoundedPerRuleAndEvictionsCounted() {
        try (ComponentFixture f = bruteForce("1h", "correlation.max-keys", "3").start()) {
            List<Event> users = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                users.add(event("user" + i, "login_failed", "x"));
            }
            f.detect.offer(users);

            await().atMost(Duration.ofSeconds(30)).until(() -> f.events.count() == 10);
            assertThat(f.gauge(DetectMetrics.CORRELATION_KEYS)).isEqualTo(3);
            assertThat(f.counter(DetectMetrics.CORRELATION_EVICTIONS)).isEqualTo(7);
            assertThat(f.detect.status().correlationKeys()).isEqualTo(3);
        }
    }

    @Test
    void windowsOfUnchangedCorrelationsSurviveAReload() throws Exception {
        try (ComponentFixture f = bruteForce("1h").start()) {
            for (int i = 0; i < 4; i++) {
                f.detect.offer(List.of(event("erin", "login_failed", "x")));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> f.events.count() == 4);
            f.rule("other.yml", """
                    title: Other
                    detection:
                        s:
                            action: other
                        condition: s
                    """);
            f.detect.reloadRules();
            assertThat(f.detect.status().detectionRules()).isEqualTo(2);

            f.detect.offer(List.of(event("erin", "login_failed", "fifth")));

            await().atMost(Duration.ofSeconds(30)).until(() -> f.alerts.alertsOf("brute-force").size() == 1);
            assertThat(f.alerts.alertsOf("brute-force").getFirst().eventIds()).hasSize(5);
        }
    }
}
