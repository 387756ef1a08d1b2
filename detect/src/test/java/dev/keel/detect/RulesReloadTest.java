package dev.keel.detect;

import static dev.keel.detect.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.keel.detect.metrics.DetectMetrics;
import dev.keel.lifecycle.StopOutcome;
import dev.keel.lifecycle.testing.LeakCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
        try (ComponentFixture f = new ComponentFixture(dir).rule("a.yml", rule("a", "alice")).start()) {
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
                            user|windash: carol
                        condition: s
                    """);
            await().atMost(PATIENCE).until(() -> !f.detect.status().ruleErrors().isEmpty());
            DetectStatus status = f.detect.status();
            assertThat(status.ruleErrors()).singleElement().satisfies(error -> {
                assertThat(error.file()).isEqualTo(broken);
                assertThat(error.message()).contains("unsupported modifier 'windash'");
            });
            assertThat(status.keptPrevious()).containsExactly(broken);
            assertThat(status.detectionRules()).isEqualTo(2);
            assertThat(status.problems()).anySatisfy(p -> assertThat(p).contains("b.yml").contains("previous version"));
            assertThat(f.counter(DetectMetrics.RULE_RELOADS, "outcome", "failure")).isPositive();
            assertThat(f.gauge(DetectMetrics.RULES_REJECTED)).isEqualTo(1);
            assertThat(log.list).anySatisfy(line -> {
                assertThat(line.getLevel()).isEqualTo(Level.WARN);
                assertThat(line.getFormattedMessage()).contains("detect/rules-watcher").contains(broken.toString())
                        .contains("windash").contains("previous version stays active");
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

            StopOutcome outcome = f.detect.stop();
            assertThat(outcome.clean()).isTrue();
            assertThat(outcome.duration()).as("the watcher's blocking take() ends when its WatchService is closed")
                    .isLessThan(Duration.ofSeconds(4));
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
}
