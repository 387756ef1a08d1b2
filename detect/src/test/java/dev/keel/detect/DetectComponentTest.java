package dev.keel.detect;

import static dev.keel.detect.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.keel.detect.handoff.RescueSpool;
import dev.keel.detect.handoff.SpoolKind;
import dev.keel.detect.metrics.DetectMetrics;
import dev.keel.lifecycle.Admission;
import dev.keel.lifecycle.ComponentState;
import dev.keel.lifecycle.LifecycleEnvironment;
import dev.keel.lifecycle.StopOutcome;
import dev.keel.lifecycle.WorkerRegistry;
import dev.keel.lifecycle.testing.LeakCheck;
import dev.keel.storage.Alert;
import dev.keel.storage.Event;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class DetectComponentTest {

    @RegisterExtension
    LeakCheck leaks = LeakCheck.create();

    @TempDir
    Path dir;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final RecordingEventSink storedEvents = new RecordingEventSink();
    private final RecordingAlertSink storedAlerts = new RecordingAlertSink();
    private Path rules;
    private DetectComponent detect;

    @BeforeEach
    void rules() {
        rules = dir.resolve("rules");
        TestRules.write(rules, "alice.yml", """
                title: Alice did something
                id: alice
                level: high
                detection:
                    s:
                        user: alice
                    condition: s
                """);
    }

    @AfterEach
    void stop() {
        if (detect != null) {
            detect.stop();
        }
    }

    private DetectComponent start(String... properties) {
        detect = new DetectComponent(TestRules.properties(rules, dir.resolve("rescue"), properties), storedEvents,
                storedAlerts, new LifecycleEnvironment(WorkerRegistry.shared(), meters));
        detect.start();
        return detect;
    }

    private double counter(String name, String... tags) {
        var counter = meters.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void everyEventReachesStorageAndMatchesBecomeAlerts() {
        start();
        List<Event> batch = new ArrayList<>(TestEvents.plain(50));
        Event alice = event("alice", "login", "hello");
        batch.add(alice);

        assertThat(detect.offer(batch)).isEqualTo(Admission.ACCEPTED);

        await().atMost(Duration.ofSeconds(30)).until(() -> storedEvents.count() == 51);
        await().atMost(Duration.ofSeconds(30)).until(() -> storedAlerts.alerts().size() == 1);
        Alert alert = storedAlerts.alerts().getFirst();
        assertThat(alert.ruleId()).isEqualTo("alice");
        assertThat(alert.ruleTitle()).isEqualTo("Alice did something");
        assertThat(alert.level()).isEqualTo("high");
        assertThat(alert.eventIds()).containsExactly(alice.eventId());
        assertThat(alert.summary()).contains("user=alice");
        assertThat(storedEvents.ids()).containsExactlyInAnyOrderElementsOf(batch.stream().map(Event::eventId).toList());
        assertThat(counter(DetectMetrics.EVENTS_PROCESSED)).isEqualTo(51);
        assertThat(counter(DetectMetrics.EVENTS_MATCHED)).isEqualTo(1);
        assertThat(counter(DetectMetrics.ALERTS_RAISED, "kind", "detection")).isEqualTo(1);
    }

    @Test
    void offersAreClosedUnlessRunning() throws InterruptedException {
        DetectComponent notStarted = new DetectComponent(TestRules.properties(rules, dir.resolve("rescue")),
                storedEvents, storedAlerts, new LifecycleEnvironment(WorkerRegistry.shared(), meters));
        assertThat(notStarted.offer(TestEvents.plain(1))).isEqualTo(Admission.CLOSED);

        start();
        assertThat(detect.offer(TestEvents.plain(1), Duration.ofSeconds(1))).isEqualTo(Admission.ACCEPTED);
        assertThat(detect.stop().clean()).isTrue();

        assertThat(detect.offer(TestEvents.plain(1))).isEqualTo(Admission.CLOSED);
        assertThat(detect.offer(TestEvents.plain(1), Duration.ofMillis(10))).isEqualTo(Admission.CLOSED);
        assertThat(storedEvents.count()).isEqualTo(1);
    }

    @Test
    void fullStorageMakesMatchersWaitSoTheInputFillsAndAnswersFullThenEverythingArrivesOnce() {
        start("queue-capacity", "20", "matcher-threads", "1", "batch-size", "5");
        storedEvents.answer(Admission.FULL);
        List<Event> accepted = new ArrayList<>(TestEvents.plain(1));
        assertThat(detect.offer(accepted)).isEqualTo(Admission.ACCEPTED);
        // The one matcher now holds that event and waits: nothing takes from the input any more.
        await().atMost(Duration.ofSeconds(30)).until(() -> counter(DetectMetrics.SINK_FULL, "sink", "events") > 0);
        for (int i = 0; i < 1000 && accepted.size() < 1000; i++) {
            List<Event> one = TestEvents.plain(1);
            if (detect.offer(one) == Admission.FULL) {
                break;
            }
            accepted.addAll(one);
        }
        assertThat(accepted).as("the input filled up: capacity plus the batch a matcher holds").hasSizeBetween(20, 25);
        assertThat(detect.offer(TestEvents.plain(1))).isEqualTo(Admission.FULL);
        await().atMost(Duration.ofSeconds(30)).until(() -> counter(DetectMetrics.SINK_FULL, "sink", "events") > 0);
        assertThat(storedEvents.count()).isZero();

        storedEvents.answer(Admission.ACCEPTED);

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(storedEvents.ids()).containsExactlyInAnyOrderElementsOf(
                        accepted.stream().map(Event::eventId).toList()));
        assertThat(detect.offer(TestEvents.plain(1))).isEqualTo(Admission.ACCEPTED);
    }

    @Test
    void stopHandsEverythingAcceptedToStorageBeforeItEnds() {
        start("matcher-threads", "2", "batch-size", "50");
        storedEvents.answer(Admission.FULL);
        detect.addListener((component, from, to) -> {
            if (to == ComponentState.STOPPING) {
                storedEvents.answer(Admission.ACCEPTED); // storage takes again only once the stop has begun
            }
        });
        List<Event> accepted = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            List<Event> batch = TestEvents.plain(100);
            batch.add(event("alice", "x", "m"));
            assertThat(detect.offer(batch)).isEqualTo(Admission.ACCEPTED);
            accepted.addAll(batch);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> counter(DetectMetrics.SINK_FULL, "sink", "events") > 0);
        assertThat(storedEvents.count()).isZero();
        assertThat(detect.status().queued()).as("still queued when the stop begins").isPositive();

        StopOutcome outcome = detect.stop();

        assertThat(outcome.clean()).isTrue();
        assertThat(storedEvents.ids()).containsExactlyInAnyOrderElementsOf(accepted.stream().map(Event::eventId).toList());
        assertThat(storedAlerts.alertsOf("alice")).hasSize(40);
        assertThat(counter(DetectMetrics.RESCUED, "item", "events", "outcome", "spooled")).isZero();
    }

    @Test
    void whatStorageStillRefusesAtTheStopDeadlineIsSpooledAndReplayedAtTheNextStart() {
        // The spooling happens in the cancel grace, a fifth of the stop timeout: 2 s, ample for a few small files.
        start("stop-timeout", "10s", "batch-size", "10");
        storedEvents.answer(Admission.FULL);
        List<Event> accepted = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            List<Event> batch = List.of(event("alice", "x", "m" + i));
            assertThat(detect.offer(batch)).isEqualTo(Admission.ACCEPTED);
            accepted.addAll(batch);
        }

        StopOutcome outcome = detect.stop();

        assertThat(outcome.clean()).as(outcome.describe()).isTrue();
        assertThat(storedEvents.count()).isZero();
        assertThat(counter(DetectMetrics.RESCUED, "item", "events", "outcome", "spooled")).isEqualTo(30);
        assertThat(detect.status().spooledFiles()).isPositive();
        assertThat(detect.status().problems()).anySatisfy(p -> assertThat(p).contains("rescue spool"));

        storedEvents.answer(Admission.ACCEPTED);
        detect.start();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(storedEvents.ids())
                .containsExactlyInAnyOrderElementsOf(accepted.stream().map(Event::eventId).toList()));
        await().atMost(Duration.ofSeconds(30)).until(() -> detect.status().spooledFiles() == 0);
        assertThat(counter(DetectMetrics.REPLAYED, "item", "events")).isEqualTo(30);
        await().atMost(Duration.ofSeconds(30)).until(() -> storedAlerts.alertsOf("alice").size() == 30);
        assertThat(storedAlerts.alertsOf("alice").stream().flatMap(alert -> alert.eventIds().stream()).toList())
                .as("one alert per event: none lost, none raised twice by the replay")
                .containsExactlyInAnyOrderElementsOf(accepted.stream().map(Event::eventId).toList());
        assertThat(storedEvents.ids()).doesNotHaveDuplicates();
    }

    @Test
    void batchesLargerThanStorageTakesAreSplitUntilTheyFit() {
        storedEvents.capacity(7);
        start("batch-size", "100", "matcher-threads", "1");
        List<Event> batch = TestEvents.plain(100);

        detect.offer(batch);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(storedEvents.ids())
                .containsExactlyInAnyOrderElementsOf(batch.stream().map(Event::eventId).toList()));
    }

    @Test
    void closedStorageIsNotWaitedForButSpooled() {
        storedAlerts.answer(Admission.CLOSED);
        start();
        detect.offer(List.of(event("alice", "x", "m")));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> counter(DetectMetrics.RESCUED, "item", "alerts", "outcome", "spooled") == 1);
        assertThat(storedEvents.count()).isEqualTo(1);
    }

    @Test
    void whatCanBeNeitherStoredNorSpooledIsCountedLostAndLoggedNeverDroppedSilently() throws Exception {
        Path notADirectory = java.nio.file.Files.writeString(dir.resolve("occupied"), "a file, not a directory");
        detect = new DetectComponent(TestRules.properties(rules, notADirectory.resolve("rescue")), storedEvents,
                storedAlerts, new LifecycleEnvironment(WorkerRegistry.shared(), meters));
        storedEvents.answer(Admission.CLOSED);
        detect.start();

        detect.offer(TestEvents.plain(3));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> counter(DetectMetrics.RESCUED, "item", "events", "outcome", "lost") == 3);
        // Counted processed once their hand-off (here: the loss) is over.
        await().atMost(Duration.ofSeconds(30)).until(() -> counter(DetectMetrics.EVENTS_PROCESSED) == 3);
    }

    @Test
    void aComponentRestartsAsAFreshGeneration() {
        start();
        detect.offer(List.of(event("alice", "x", "first")));
        await().atMost(Duration.ofSeconds(30)).until(() -> storedAlerts.alerts().size() == 1);
        assertThat(detect.stop().clean()).isTrue();
        assertThat(detect.state()).isEqualTo(ComponentState.TERMINATED);

        detect.start();

        assertThat(detect.status().rulesVersion()).isEqualTo(1);
        assertThat(detect.offer(List.of(event("alice", "x", "second")))).isEqualTo(Admission.ACCEPTED);
        await().atMost(Duration.ofSeconds(30)).until(() -> storedAlerts.alerts().size() == 2);
        assertThat(detect.describe().generation()).isEqualTo(2);
    }

    @Test
    void statusListsRulesQueuesAndNoProblemsWhenAllIsWell() {
        start();
        DetectStatus status = detect.status();
        assertThat(status.state()).isEqualTo(ComponentState.RUNNING);
        assertThat(status.detectionRules()).isEqualTo(1);
        assertThat(status.queueCapacity()).isEqualTo(10_000);
        assertThat(status.ruleErrors()).isEmpty();
        assertThat(status.problems()).isEmpty();
        assertThat(status.degraded()).isFalse();
        assertThat(detect.describe().workers()).extracting(w -> w.name()).contains("matcher", "action-executor",
                "correlation-sweeper", "breaker-cleanup", "rules-watcher", "rescue-replay");
        assertThat(detect.describe().queues()).extracting(q -> q.name()).contains("events", "actions");
        assertThat(detect.describe().details()).containsEntry("rules_detection", 1)
                .containsEntry("quarantined_rules", List.of()).containsEntry("problems", List.of())
                .containsKeys("rule_errors", "correlation_keys", "webhook_breakers", "rescue_spool_files");
    }

    @Test
    void whatWasSpooledWhileRunningIsHandedOnOnceStorageTakesAgainWithoutARestart() {
        storedEvents.answer(Admission.CLOSED);
        start("rescue-replay-interval", "200ms");
        List<Event> sent = TestEvents.plain(3);
        detect.offer(sent);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> counter(DetectMetrics.RESCUED, "item", "events", "outcome", "spooled") == 3);

        storedEvents.answer(Admission.ACCEPTED);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(storedEvents.ids())
                .containsExactlyInAnyOrderElementsOf(sent.stream().map(Event::eventId).toList()));
        await().atMost(Duration.ofSeconds(30)).until(() -> detect.status().spooledFiles() == 0);
        assertThat(detect.describe().generation()).isEqualTo(1);
    }

    @Test
    void aSpoolFileLargerThanTheInputQueueIsReplayedInChunksThatFit() throws Exception {
        List<Event> unmatched = TestEvents.plain(50);
        new RescueSpool(dir.resolve("rescue")).write(SpoolKind.UNMATCHED, unmatched);

        start("queue-capacity", "20");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(storedEvents.ids())
                .containsExactlyInAnyOrderElementsOf(unmatched.stream().map(Event::eventId).toList()));
        await().atMost(Duration.ofSeconds(30)).until(() -> detect.status().spooledFiles() == 0);
    }

    @Test
    void aBatchLargerThanTheInputQueueCouldEverHoldIsRefusedWithAClearError() {
        start("queue-capacity", "20");

        assertThatThrownBy(() -> detect.offer(TestEvents.plain(21)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("21 events").hasMessageContaining("keel.detect.queue-capacity");
        assertThat(detect.offer(TestEvents.plain(20))).isEqualTo(Admission.ACCEPTED);
    }
}
