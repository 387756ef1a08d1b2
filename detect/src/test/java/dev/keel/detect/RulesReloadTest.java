package dev.keel.detect;

import static dev.keel.detect.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.keel.detect.metrics.DetectMetrics;
import dev.keel.lifecycle.Admission;
import dev.keel.lifecycle.StopOutcome;
import dev.keel.storage.Event;
import dev.keel.lifecycle.testing.LeakCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The rules-watcher picks up changes on its own; a broken file keeps the previous set and says so. */
class RulesReloadTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @RegisterExtension
    LeakCheck leaks = LeakCheck.create();

    @TempDir
    Path dir;

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger reloaderLog = (Logger) LoggerFactory.getLogger(RuleReloader.class);

    @BeforeEach
    void captureLog() {
        log.start();
        reloaderLog.addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        reloaderLog.detachAppender(log);
    }

    /** The lines logged so far; the appender adds under its own lock, from the watcher's thread too. */
    private List<ILoggingEvent> logged() {
        synchronized (log) {
            return List.copyOf(log.list);
        }
    }

    private static String rule(String id, String user) {
        return """
                title: Rule %s
                id: %s
                detection:
                    s:
                        user: %s
                    condition: s
                """.formatted(id, id, user);
    }

    @Test
    void addedChangedBrokenFixedAndDeletedFilesAreFollowed() throws Exception {
        try (ComponentFixture f = new ComponentFixture(dir, "stop-timeout", "60s").rule("a.yml", rule("a", "alice"))
                .start()) {
            assertThat(f.detect.status().detectionRules()).isEqualTo(1);

            f.rule("b.yml", rule("b", "bob"));
            await().atMost(PATIENCE).until(() -> f.detect.status().detectionRules() == 2);
            f.detect.offer(List.of(event("bob", "x", "first")));
            await().atMost(PATIENCE).until(() -> f.alerts.alertsOf("b").size() == 1);

            Path broken = f.rules.resolve("b.yml");
            TestRules.write(f.rules, "b.yml", """
                    title: Rule b
                    id: b
                    detection:
                        s:
                            user|dashes: carol
                        condition: s
                    """);
            await().atMost(PATIENCE).until(() -> !f.detect.status().ruleErrors().isEmpty());
            DetectStatus status = f.detect.status();
            assertThat(status.ruleErrors()).singleElement().satisfies(error -> {
                assertThat(error.file()).isEqualTo(broken);
                assertThat(error.message()).contains("unsupported modifier 'dashes'");
            });
            assertThat(status.keptPrevious()).containsExactly(broken);
            assertThat(status.detectionRules()).isEqualTo(2);
            assertThat(status.problems()).anySatisfy(p -> assertThat(p).contains("b.yml").contains("previous version"));
            assertThat(f.gauge(DetectMetrics.RULES_REJECTED)).isEqualTo(1);
            // The reload is counted and logged just after its result shows in the status.
            await().atMost(PATIENCE).untilAsserted(() -> {
                assertThat(f.counter(DetectMetrics.RULE_RELOADS, "outcome", "failure")).isPositive();
                assertThat(logged()).anySatisfy(line -> {
                    assertThat(line.getLevel()).isEqualTo(Level.WARN);
                    assertThat(line.getFormattedMessage()).contains("detect/rules-watcher").contains(broken.toString())
                            .contains("dashes").contains("previous version stays active");
                });
            });
            f.detect.offer(List.of(event("bob", "x", "still matched by the previous version")));
            await().atMost(PATIENCE).until(() -> f.alerts.alertsOf("b").size() == 2);

            f.rule("b.yml", rule("b", "carol"));
            await().atMost(PATIENCE).until(() -> f.detect.status().ruleErrors().isEmpty());
            f.detect.offer(List.of(event("bob", "x", "no longer"), event("carol", "x", "now")));
            await().atMost(PATIENCE).until(() -> f.alerts.alertsOf("b").size() == 3);
            assertThat(f.alerts.alertsOf("b").getLast().summary()).contains("user=carol");
            assertThat(f.gauge(DetectMetrics.RULES_REJECTED)).isZero();

            Files.delete(broken);
            await().atMost(PATIENCE).until(() -> f.detect.status().detectionRules() == 1);

            f.rule("nested/deeper/c.yml", rule("c", "dave"));
            await().atMost(PATIENCE).until(() -> f.detect.status().detectionRules() == 2);
            assertThat(f.counter(DetectMetrics.RULE_RELOADS, "outcome", "success")).isGreaterThanOrEqualTo(4);

            // Storage holds a matcher, so the drain lasts until storage takes again (or the 59 s deadline).
            f.events.answer(Admission.FULL);
            f.detect.offer(List.of(event("zoe", "x", "held by a full storage")));
            await().atMost(PATIENCE).until(() -> f.counter(DetectMetrics.SINK_FULL, "sink", "events") > 0);
            CompletableFuture<StopOutcome> stopping = f.detect.stopAsync();

            await().atMost(PATIENCE).until(() -> !f.running("rules-watcher"));
            assertThat(f.running("matcher")).as("the watcher's blocking take() ended when the stop closed its "
                    + "WatchService, while the drain was still under way, long before the drain deadline").isTrue();
            f.events.answer(Admission.ACCEPTED);
            StopOutcome outcome = stopping.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            assertThat(outcome.clean()).as(outcome.describe()).isTrue();
        }
    }

    @Test
    void aRuleFileBrokenFromTheStartIsReportedAndTheOthersLoad() {
        try (ComponentFixture f = new ComponentFixture(dir).rule("a.yml", rule("a", "alice"))
                .rule("broken.yml", "title: broken\ndetection: {s: {user: x}, condition: 's |'}\n").start()) {
            DetectStatus status = f.detect.status();
            assertThat(status.detectionRules()).isEqualTo(1);
            assertThat(status.ruleErrors()).singleElement()
                    .satisfies(e -> assertThat(e.message()).contains("aggregation expressions"));
            assertThat(status.keptPrevious()).isEmpty();
            assertThat(status.degraded()).isTrue();
        }
    }

    @Test
    void aWatcherThatFailsRestartsAndFollowsTheDirectoryAgain() throws Exception {
        try (ComponentFixture f = new ComponentFixture(dir).rule("a.yml", rule("a", "alice")).start()) {
            // The directory goes with its rule in one step (deleting the file first would let a reload
            // see it empty); the watch follows the moved directory, so a file created there wakes it.
            Path movedAway = Files.move(f.rules, dir.resolve("rules-moved-away"), StandardCopyOption.ATOMIC_MOVE);
            Files.writeString(movedAway.resolve("wake-up.txt"), "");

            await().atMost(PATIENCE).until(() -> f.counter("keel.workers.restarts", "worker", "rules-watcher") >= 1);
            assertThat(f.detect.status().detectionRules()).as("the active rules stay").isEqualTo(1);

            f.rule("b.yml", rule("b", "bob")).rule("c.yml", rule("c", "carol"));

            await().atMost(PATIENCE).until(() -> f.detect.status().detectionRules() == 2);
            f.detect.offer(List.of(event("carol", "x", "seen by the reloaded rules")));
            await().atMost(PATIENCE).until(() -> f.alerts.alertsOf("c").size() == 1);
        }
    }

    @Test
    void everyEventIsStoredExactlyOnceThroughAStormOfReloads() throws Exception {
        try (ComponentFixture f = new ComponentFixture(dir, "batch-size", "7").rule("a.yml", rule("a", "alice"))
                .start()) {
            List<Event> sent = new ArrayList<>();
            List<String> alices = new ArrayList<>();
            for (int round = 0; round < 40; round++) {
                f.rule("b.yml", rule("b", "user" + round)); // the watcher reloads too
                f.detect.reloadRules();
                for (int i = 0; i < 10; i++) {
                    Event event = event(i % 2 == 0 ? "alice" : "user" + i, "x", "round " + round);
                    sent.add(event);
                    if (i % 2 == 0) {
                        alices.add(event.eventId());
                    }
                }
                assertThat(f.detect.offer(sent.subList(sent.size() - 10, sent.size()), PATIENCE))
                        .isEqualTo(Admission.ACCEPTED);
            }

            await().atMost(PATIENCE).until(() -> f.events.count() >= sent.size());
            assertThat(f.events.ids()).containsExactlyInAnyOrderElementsOf(sent.stream().map(Event::eventId).toList());
            await().atMost(PATIENCE).until(() -> f.alerts.alertsOf("a").size() >= alices.size());
            assertThat(f.alerts.alertsOf("a").stream().map(alert -> alert.eventIds().getFirst()).toList())
                    .containsExactlyInAnyOrderElementsOf(alices);
        }
    }
}
