package dev.keel.detect;

import static dev.keel.detect.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keel.detect.metrics.DetectMetrics;
import dev.keel.lifecycle.testing.LeakCheck;
import dev.keel.storage.Event;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A rule that throws costs nothing but itself: the event reaches the other rules and storage. */
class RuleIsolationTest {

    @RegisterExtension
    LeakCheck leaks = LeakCheck.create();

    @TempDir
    Path dir;

    /** An attribute value whose text cannot be read: what a rule "hits" when it trips over an event. */
    private static final Object HOSTILE = new Object() {
        @Override
        public String toString() {
            throw new IllegalStateException("this value cannot be read");
        }
    };

    private ComponentFixture fixture() {
        return new ComponentFixture(dir, "quarantine.failures", "3", "quarantine.window", "1m")
                .rule("fragile.yml", """
                        title: Fragile rule
                        id: fragile
                        detection:
                            s:
                                payload|contains: evil
                            condition: s
                        """)
                .rule("regex.yml", """
                        title: Backtracking rule
                        id: backtracking
                        detection:
                            s:
                                message|re: '(.*){1,32000}[bc]'
                            condition: s
                        """)
                .rule("alice.yml", """
                        title: Alice
                        id: alice
                        detection:
                            s:
                                user: alice
                            condition: s
                        """);
    }

    @Test
    void aThrowingRuleIsCountedAndQuarantinedWhileEventsGoOnThroughTheOtherRulesToStorage() throws Exception {
        try (ComponentFixture f = fixture().start()) {
            List<Event> sent = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                sent.add(event("alice", "upload", "ok", "payload", HOSTILE));
            }
            f.detect.offer(sent);

            await().atMost(Duration.ofSeconds(30)).until(() -> f.events.count() == 5);
            await().atMost(Duration.ofSeconds(30)).until(() -> f.alerts.alertsOf("alice").size() == 5);
            assertThat(f.events.ids()).containsExactlyInAnyOrderElementsOf(sent.stream().map(Event::eventId).toList());
            assertThat(f.counter(DetectMetrics.RULE_FAILURES, "rule", "fragile")).isEqualTo(3);
            assertThat(f.gauge(DetectMetrics.RULES_QUARANTINED)).isEqualTo(1);
            assertThat(f.detect.status().quarantined()).singleElement().satisfies(q -> {
                assertThat(q.ruleId()).isEqualTo("fragile");
                assertThat(q.failures()).isEqualTo(3);
                assertThat(q.lastError()).contains("this value cannot be read");
            });
            assertThat(f.detect.status().problems()).anySatisfy(p -> assertThat(p).contains("rule quarantined: 'Fragile rule'"));

            f.detect.reloadRules();

            assertThat(f.detect.status().quarantined()).isEmpty();
            assertThat(f.gauge(DetectMetrics.RULES_QUARANTINED)).isZero();
            f.detect.offer(List.of(event("bob", "upload", "ok", "payload", "very evil")));
            await().atMost(Duration.ofSeconds(30)).until(() -> f.alerts.alertsOf("fragile").size() == 1);
        }
    }

    @Test
    void aRegularExpressionThatRunsAwayFailsItsRuleNotTheEvent() {
        try (ComponentFixture f = fixture().start()) {
            Event slow = event("alice", "x", "a".repeat(30));
            f.detect.offer(List.of(slow));

            await().atMost(Duration.ofSeconds(30)).until(() -> f.events.count() == 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> f.alerts.alertsOf("alice").size() == 1);
            assertThat(f.counter(DetectMetrics.RULE_FAILURES, "rule", "backtracking")).isEqualTo(1);
            assertThat(f.detect.status().quarantined()).isEmpty();
        }
    }
}
