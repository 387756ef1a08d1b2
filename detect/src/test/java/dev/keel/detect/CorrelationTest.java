package dev.keel.detect;

import static dev.keel.detect.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keel.detect.metrics.DetectMetrics;
import dev.keel.lifecycle.testing.LeakCheck;
import dev.keel.storage.Alert;
import dev.keel.storage.Event;
import java.nio.file.Files;
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
        return bruteForceRules(new ComponentFixture(dir, properties), timespan);
    }

    private static ComponentFixture bruteForceRules(ComponentFixture f, String timespan) {
        return f.rule("brute-force.yml", """
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

    /** One short of the brute-force threshold, and stored. */
    private static void fourFailedLoginsByErin(ComponentFixture f) {
        for (int i = 0; i < 4; i++) {
            f.detect.offer(List.of(event("erin", "login_failed", "x")));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> f.events.count() == 4);
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
            // Alerts reach storage after their batch's events; the counter is final before either.
            assertThat(f.counter(DetectMetrics.ALERTS_RAISED, "kind", "correlation"))
                    .as("the sixth attempt starts a new count").isEqualTo(1);
            assertThat(f.alerts.alerts()).as("the sixth attempt starts a new count").hasSize(1);
        }
    }

    @Test
    void theSweeperDropsWindowsOnceTheirTimespanHasPassed() {
        try (ComponentFixture f = bruteForce("1m").start()) {
            f.detect.offer(List.of(event("carol", "login_failed", "x"), event("dave", "login_failed", "x")));

            await().atMost(Duration.ofSeconds(30)).until(() -> f.gauge(DetectMetrics.CORRELATION_KEYS) == 2);
            assertThat(f.counter(DetectMetrics.CORRELATION_EXPIRED)).as("the clock has not moved").isZero();

            f.clock.advance(Duration.ofSeconds(61));

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
            fourFailedLoginsByErin(f);
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

    @Test
    void anEventMatchingTwoSourcesOfOneCorrelationCountsOnce() {
        try (ComponentFixture f = new ComponentFixture(dir).rule("two-sources.yml", """
                title: Failed login
                name: failed_login
                detection:
                    s:
                        action: login_failed
                    condition: s
                ---
                title: Bad password
                name: bad_password
                detection:
                    s:
                        message|contains: bad password
                    condition: s
                ---
                title: Brute force
                id: brute-force
                correlation:
                    type: event_count
                    rules: [failed_login, bad_password]
                    group-by: [user]
                    timespan: 1h
                    condition:
                        gte: 5
                """).start()) {
            for (int i = 0; i < 3; i++) {
                f.detect.offer(List.of(event("alice", "login_failed", "bad password " + i)));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> f.events.count() == 3);
            assertThat(f.counter(DetectMetrics.ALERTS_RAISED, "kind", "correlation")).as("3 events, not 6").isZero();

            for (int i = 3; i < 5; i++) {
                f.detect.offer(List.of(event("alice", "login_failed", "bad password " + i)));
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> f.alerts.alertsOf("brute-force").size() == 1);
            assertThat(f.alerts.alertsOf("brute-force").getFirst().eventIds()).hasSize(5).doesNotHaveDuplicates();
        }
    }

    @Test
    void oneEventStampedInTheFutureDoesNotBlindItsWindow() {
        try (ComponentFixture f = bruteForce("1m").start()) {
            Event future = event("alice", "login_failed", "clock of the sender is a year ahead");
            f.detect.offer(List.of(TestEvents.withTime(future, future.receivedAt() + Duration.ofDays(365).toMillis())));
            for (int i = 0; i < 4; i++) {
                f.detect.offer(List.of(event("alice", "login_failed", "bad password " + i)));
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> f.alerts.alertsOf("brute-force").size() == 1);
            assertThat(f.alerts.alertsOf("brute-force").getFirst().eventIds()).hasSize(5);
        }
    }

    @Test
    void eventsLackingAGroupByFieldAreCountedAsUngroupedNotPooled() {
        try (ComponentFixture f = bruteForce("1h").start()) {
            for (int i = 0; i < 6; i++) {
                f.detect.offer(List.of(event(null, "login_failed", "who? " + i)));
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> f.events.count() == 6);
            assertThat(f.counter(DetectMetrics.CORRELATION_UNGROUPED)).isEqualTo(6);
            assertThat(f.gauge(DetectMetrics.CORRELATION_KEYS)).isZero();
            assertThat(f.counter(DetectMetrics.ALERTS_RAISED, "kind", "correlation")).isZero();
        }
    }

    @Test
    void valueCountCountsTheDistinctValuesOfTheConditionField() {
        try (ComponentFixture f = new ComponentFixture(dir).rule("spray.yml", """
                title: Login
                name: login
                detection:
                    s:
                        action: login
                    condition: s
                ---
                title: One account from many addresses
                id: many-addresses
                correlation:
                    type: value_count
                    rules: [login]
                    group-by: [user]
                    timespan: 1h
                    condition:
                        field: client_ip
                        gte: 3
                """).start()) {
            for (String ip : List.of("10.0.0.1", "10.0.0.1", "10.0.0.2", "10.0.0.2")) {
                f.detect.offer(List.of(event("alice", "login", "ok", "client_ip", ip)));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> f.events.count() == 4);
            assertThat(f.counter(DetectMetrics.ALERTS_RAISED, "kind", "correlation")).as("two distinct values").isZero();

            f.detect.offer(List.of(event("alice", "login", "ok", "client_ip", "10.0.0.3")));

            await().atMost(Duration.ofSeconds(30)).until(() -> f.alerts.alertsOf("many-addresses").size() == 1);
            assertThat(f.alerts.alertsOf("many-addresses").getFirst().summary())
                    .contains("3 distinct client_ip values").contains("user=alice");
        }
    }

    @Test
    void aChangedCorrelationStartsAfreshAtAReload() throws Exception {
        try (ComponentFixture f = bruteForce("1h").start()) {
            fourFailedLoginsByErin(f);

            bruteForceRules(f, "2h");
            f.detect.reloadRules();
            f.detect.offer(List.of(event("erin", "login_failed", "fifth")));

            await().atMost(Duration.ofSeconds(30)).until(() -> f.counter(DetectMetrics.CORRELATION_DROPPED) == 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> f.events.count() == 5);
            assertThat(f.counter(DetectMetrics.ALERTS_RAISED, "kind", "correlation"))
                    .as("the four events before the change no longer count").isZero();
            for (int i = 0; i < 4; i++) {
                f.detect.offer(List.of(event("erin", "login_failed", "again")));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> f.alerts.alertsOf("brute-force").size() == 1);
        }
    }

    private ComponentFixture exactlyTwo() {
        return new ComponentFixture(dir).rule("exactly-two.yml", """
                title: Login
                name: login
                detection:
                    s:
                        action: login
                    condition: s
                ---
                title: Exactly two logins
                id: exactly-two
                correlation:
                    type: event_count
                    rules: [login]
                    group-by: [user]
                    timespan: 1h
                    condition:
                        eq: 2
                actions:
                    - type: log
                """);
    }

    @Test
    void anUpperBoundWindowStillOpenAtTheStopIsDecidedAndItsActionsStillRun() {
        ComponentFixture f = exactlyTwo().start();
        try (f) {
            f.detect.offer(List.of(event("alice", "login", "one"), event("alice", "login", "two"),
                    event("bob", "login", "one")));
            await().atMost(Duration.ofSeconds(30)).until(() -> f.events.count() == 3);
            assertThat(f.alerts.alerts()).as("decided when the hour ends").isEmpty();

            assertThat(f.detect.stop().clean()).isTrue();
        }
        assertThat(f.alerts.alertsOf("exactly-two")).singleElement()
                .satisfies(alert -> assertThat(alert.groupKey()).isEqualTo("user=alice"));
        assertThat(f.counter(DetectMetrics.ACTIONS, "type", "log", "outcome", "delivered")).isEqualTo(1);
        assertThat(f.counter(DetectMetrics.CORRELATION_DROPPED)).as("bob's window was decided: no alert").isZero();
    }

    @Test
    void anUpperBoundWindowOfACorrelationChangedByAReloadIsDecided() throws Exception {
        try (ComponentFixture f = exactlyTwo().start()) {
            f.detect.offer(List.of(event("alice", "login", "one"), event("alice", "login", "two")));
            await().atMost(Duration.ofSeconds(30)).until(() -> f.events.count() == 2);

            f.rule("exactly-two.yml", Files.readString(f.rules.resolve("exactly-two.yml")).replace("1h", "2h"));
            f.detect.reloadRules();

            await().atMost(Duration.ofSeconds(30)).until(() -> f.alerts.alertsOf("exactly-two").size() == 1);
            assertThat(f.alerts.alertsOf("exactly-two").getFirst().eventIds()).hasSize(2);
        }
    }

    /** The specification's aliases example: an internal error and a connection between the same two addresses. */
    @Test
    void aTemporalCorrelationGroupsByAliasesThatNameADifferentFieldPerRule() {
        ComponentFixture f = new ComponentFixture(dir).rule("aliases.yml", """
                title: Internal error
                name: internal_error
                detection:
                    s:
                        status: 500
                    condition: s
                ---
                title: New connection
                name: new_network_connection
                detection:
                    s:
                        action: connect
                    condition: s
                ---
                title: Error then connection between the same addresses
                id: error-and-connection
                correlation:
                    type: temporal
                    rules: [internal_error, new_network_connection]
                    group-by: [internal_ip, remote_ip]
                    timespan: 10s
                    aliases:
                        internal_ip:
                            internal_error: destination_ip
                            new_network_connection: source_ip
                        remote_ip:
                            internal_error: source_ip
                            new_network_connection: destination_ip
                """);
        try (ComponentFixture started = f.start()) {
            f.detect.offer(List.of(event("u", "http", "error", "status", 500, "source_ip", "198.51.100.7",
                    "destination_ip", "10.0.0.5")));
            f.detect.offer(List.of(event("u", "connect", "the other way round", "source_ip", "198.51.100.7",
                    "destination_ip", "10.0.0.5")));
            f.detect.offer(List.of(event("u", "connect", "back to the client", "source_ip", "10.0.0.5",
                    "destination_ip", "198.51.100.7")));

            await().atMost(Duration.ofSeconds(30)).until(() -> f.events.count() == 3);
            await().atMost(Duration.ofSeconds(30)).until(() -> f.alerts.alertsOf("error-and-connection").size() == 1);
            Alert alert = f.alerts.alertsOf("error-and-connection").getFirst();
            assertThat(alert.groupKey()).isEqualTo("internal_ip=10.0.0.5, remote_ip=198.51.100.7");
            assertThat(alert.eventIds()).hasSize(2);
            assertThat(alert.summary()).contains("2 of 2 rules");
        }
    }

    @Test
    void temporalOrderedRaisesOnlyForTheListedOrder() {
        // One matcher thread, so that the events are evaluated in the order they were offered.
        ComponentFixture f = new ComponentFixture(dir, "matcher-threads", "1").rule("ordered.yml", """
                title: Failed login
                name: failed_login
                detection:
                    s:
                        action: login_failed
                    condition: s
                ---
                title: Successful login
                name: successful_login
                detection:
                    s:
                        action: login
                    condition: s
                ---
                title: Failure then success
                id: failure-then-success
                correlation:
                    type: temporal_ordered
                    rules: [failed_login, successful_login]
                    group-by: [user]
                    timespan: 10m
                """);
        try (ComponentFixture started = f.start()) {
            f.detect.offer(List.of(event("bob", "login", "first in"), event("bob", "login_failed", "then out")));
            f.detect.offer(List.of(event("alice", "login_failed", "typo"), event("alice", "login", "in")));
            await().atMost(Duration.ofSeconds(30)).until(() -> f.events.count() == 4);
            await().atMost(Duration.ofSeconds(30)).until(() -> f.alerts.alertsOf("failure-then-success").size() == 1);
            assertThat(f.alerts.alertsOf("failure-then-success").getFirst().groupKey()).isEqualTo("user=alice");
            assertThat(f.detect.stop().clean()).isTrue();
            assertThat(f.alerts.alertsOf("failure-then-success")).as("bob's success came first").hasSize(1);
        }
    }

    /** The specification's own example: many failed logins, then a successful one, by one user (chained). */
    @Test
    void aCorrelationOfACorrelationFollowsTheSpecificationsExample() {
        ComponentFixture f = new ComponentFixture(dir, "matcher-threads", "1").rule("chain.yml", """
                title: Multiple failed logins followed by a successful login
                id: failed-then-success
                level: high
                correlation:
                    type: temporal_ordered
                    rules: [multiple_failed_login, successful_login]
                    group-by: [user]
                    timespan: 10m
                ---
                title: Multiple failed logons
                id: multiple-failed
                name: multiple_failed_login
                correlation:
                    type: event_count
                    rules: [failed_login]
                    group-by: [user]
                    timespan: 10m
                    condition:
                        gte: 3
                ---
                title: Single failed login
                name: failed_login
                detection:
                    s:
                        action: login_failed
                    condition: s
                ---
                title: Successful login
                name: successful_login
                detection:
                    s:
                        action: login
                    condition: s
                """);
        try (ComponentFixture started = f.start()) {
            List<Event> sent = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                sent.add(event("carol", "login_failed", "attempt " + i));
            }
            sent.add(event("carol", "login", "in at last"));
            sent.add(event("dave", "login", "no failures before"));
            sent.forEach(one -> f.detect.offer(List.of(one)));
            await().atMost(Duration.ofSeconds(30)).until(() -> f.events.count() == sent.size());
            await().atMost(Duration.ofSeconds(30)).until(() -> f.alerts.alertsOf("failed-then-success").size() == 1);
            Alert alert = f.alerts.alertsOf("failed-then-success").getFirst();
            assertThat(alert.groupKey()).isEqualTo("user=carol");
            assertThat(alert.eventIds()).as("the failures' newest event, then the success")
                    .containsExactly(sent.get(2).eventId(), sent.get(3).eventId());
            assertThat(f.detect.stop().clean()).isTrue();
            assertThat(f.alerts.alertsOf("multiple-failed")).as("counted by another correlation: silent").isEmpty();
            assertThat(f.alerts.alertsOf("failed-then-success")).hasSize(1);
        }
    }
}
