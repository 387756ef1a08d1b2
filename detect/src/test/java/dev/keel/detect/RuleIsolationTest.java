package dev.keel.detect;

import static dev.keel.detect.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keel.detect.metrics.DetectMetrics;
import org.assertj.core.api.InstanceOfAssertFactories;
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
            assertThat(f.detect.describe().details().get("quarantined_rules")).asInstanceOf(InstanceOfAssertFactories.LIST)
                    .singleElement().asString().contains("fragile").contains("3 failures")
                    .contains("this value cannot be read");

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

    @Test
    void anErrorThrownByARuleCostsOnlyThatRuleNotTheBatch() {
        Object erroneous = new Object() {
            @Override
            public String toString() {
                throw new AssertionError("an Error, not an Exception");
            }
        };
        try (ComponentFixture f = fixture().start()) {
            List<Event> sent = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                sent.add(event("alice", "upload", "ok", "payload", erroneous));
                sent.add(event("bob", "upload", "ok", "payload", "nothing evil"));
            }
            f.detect.offer(sent);

            await().atMost(Duration.ofSeconds(30)).until(() -> f.events.count() == 4);
            await().atMost(Duration.ofSeconds(30)).until(() -> f.alerts.alertsOf("alice").size() == 2);
            assertThat(f.events.ids()).containsExactlyInAnyOrderElementsOf(sent.stream().map(Event::eventId).toList());
            assertThat(f.counter(DetectMetrics.RULE_FAILURES, "rule", "fragile")).isEqualTo(2);
            assertThat(f.counter(DetectMetrics.RESCUED, "item", "events", "outcome", "spooled"))
                    .as("no batch sent to the rescue, so nothing stored twice").isZero();
            assertThat(f.counter("keel.workers.failures", "worker", "matcher")).isZero();
        }
    }

    @Test
    void aHostileWildcardValueCostsOnePassOverTheTextNotAStalledMatcher() {
        try (ComponentFixture f = new ComponentFixture(dir).rule("hostile.yml", """
                title: Hostile wildcards
                id: hostile
                detection:
                    s:
                        message|contains: '*x*x*x*y*'
                    condition: s
                """).start()) {
            Event longText = event("alice", "x", "x".repeat(20_000));
            Event match = event("alice", "x", "x-x-x-y");
            f.detect.offer(List.of(longText, match));

            await().atMost(Duration.ofSeconds(30)).until(() -> f.events.count() == 2);
            assertThat(f.alerts.alertsOf("hostile")).extracting(a -> a.eventIds().getFirst())
                    .containsExactly(match.eventId());
            assertThat(f.counter(DetectMetrics.RULE_FAILURES, "rule", "hostile")).isZero();
        }
    }

    @Test
    void aRuleThatLeavesTheSetTakesItsFailureMeterWithIt() throws Exception {
        try (ComponentFixture f = fixture().start()) {
            f.detect.offer(List.of(event("alice", "upload", "ok", "payload", HOSTILE)));
            await().atMost(Duration.ofSeconds(30)).until(() -> f.counter(DetectMetrics.RULE_FAILURES, "rule", "fragile") == 1);

            java.nio.file.Files.delete(f.rules.resolve("fragile.yml"));
            f.detect.reloadRules();

            assertThat(f.meters.find(DetectMetrics.RULE_FAILURES).tag("rule", "fragile").counter()).isNull();
        }
    }
}
