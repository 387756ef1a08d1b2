package dev.keel.detect;

import static dev.keel.detect.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keel.detect.action.BreakerStatus;
import dev.keel.detect.metrics.DetectMetrics;
import dev.keel.lifecycle.Admission;
import dev.keel.lifecycle.ComponentState;
import dev.keel.lifecycle.StopOutcome;
import dev.keel.lifecycle.testing.LeakCheck;
import dev.keel.storage.Event;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** Rule actions against real local HTTP servers: delivery, breakers, timeouts, a full queue, stop. */
class ActionsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @RegisterExtension
    LeakCheck leaks = LeakCheck.create()
            .ignoreThreads("the test's own webhook server", LeakCheck.named("test-webhook-handler", "HTTP-Dispatcher",
                    "server-timer", "idle-timeout-task"));

    @TempDir
    Path dir;

    private final WebhookServer server = new WebhookServer();

    @AfterEach
    void closeServer() {
        server.close();
    }

    /**
     * A webhook timeout far beyond any test by default (a test may set its own): a webhook
     * fails because the server says so, not because a loaded machine answered slowly.
     */
    private ComponentFixture fixture(String... properties) {
        String[] withDefaults = new String[properties.length + 2];
        withDefaults[0] = "actions.webhook-timeout";
        withDefaults[1] = "30s";
        System.arraycopy(properties, 0, withDefaults, 2, properties.length);
        return new ComponentFixture(dir, withDefaults).rule("hooked.yml", """
                title: Hooked rule
                id: hooked
                level: critical
                detection:
                    s:
                        action: exfiltrate
                    condition: s
                actions:
                    - type: log
                    - type: webhook
                      url: %s
                """.formatted(server.url()));
    }

    private static List<Event> matching(int n) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(event("mallory", "exfiltrate", "copy " + i));
        }
        return events;
    }

    private static double outcomes(ComponentFixture f) {
        return f.counter(DetectMetrics.ACTIONS, "type", "webhook", "outcome", "delivered")
                + f.counter(DetectMetrics.ACTIONS, "type", "webhook", "outcome", "failed")
                + f.counter(DetectMetrics.ACTIONS, "type", "webhook", "outcome", "undelivered");
    }

    @Test
    void aWebhookReceivesTheAlertAsJsonAndTheLogActionWritesIt() {
        try (ComponentFixture f = fixture().start()) {
            Event event = event("mallory", "exfiltrate", "copy");
            f.detect.offer(List.of(event));

            await().atMost(PATIENCE).until(() -> server.bodies().size() == 1);
            // Actions are queued before the alert is handed to storage: the webhook may come first.
            await().atMost(PATIENCE).until(() -> f.alerts.alerts().size() == 1);
            Map<?, ?> json = JsonMapper.builder().build().readValue(server.bodies().getFirst(), Map.class);
            assertThat(json.get("ruleId")).isEqualTo("hooked");
            assertThat(json.get("ruleTitle")).isEqualTo("Hooked rule");
            assertThat(json.get("level")).isEqualTo("critical");
            assertThat(json.get("eventIds")).isEqualTo(List.of(event.eventId()));
            assertThat(json.get("alertId")).isEqualTo(f.alerts.alerts().getFirst().alertId());
            await().atMost(PATIENCE).until(() ->
                    f.counter(DetectMetrics.ACTIONS, "type", "webhook", "outcome", "delivered") == 1);
            // The log action may run on another action executor, in its own time.
            await().atMost(PATIENCE).until(() ->
                    f.counter(DetectMetrics.ACTIONS, "type", "log", "outcome", "delivered") == 1);
        }
    }

    @Test
    void aFailingTargetOpensItsBreakerWhichClosesAgainOnceTheTargetRecovers() {
        server.mode(WebhookServer.Mode.FAIL);
        try (ComponentFixture f = fixture("actions.breaker.sliding-window-size", "4",
                "actions.breaker.minimum-calls", "4", "actions.breaker.open-duration", "30s",
                "actions.breaker.half-open-calls", "1", "actions.threads", "1").start()) {
            for (Event event : matching(4)) {
                f.detect.offer(List.of(event));
            }
            await().atMost(PATIENCE).until(() ->
                    f.counter(DetectMetrics.ACTIONS, "type", "webhook", "outcome", "failed") == 4);
            assertThat(breaker(f).state()).isEqualTo("OPEN");
            assertThat(f.gauge(DetectMetrics.BREAKER_PREFIX + ".state", "name", server.target(), "state", "open"))
                    .isEqualTo(1);
            assertThat(f.detect.status().problems()).anySatisfy(p -> assertThat(p).contains("circuit breaker OPEN"));

            server.mode(WebhookServer.Mode.OK);
            f.detect.offer(matching(3));
            await().atMost(PATIENCE).until(() ->
                    f.counter(DetectMetrics.ACTIONS, "type", "webhook", "outcome", "undelivered") == 3);
            assertThat(server.requests()).as("an open breaker keeps calls off the network").isEqualTo(4);
            // Events reach storage after their actions are queued: they may come after the rejections.
            await().atMost(PATIENCE).until(() -> f.events.count() == 7);
            assertThat(breaker(f).state()).as("the clock has not moved: still open").isEqualTo("OPEN");

            f.clock.advance(Duration.ofSeconds(31));
            f.detect.offer(matching(1));

            await().atMost(PATIENCE).until(() -> breaker(f).state().equals("CLOSED"));
            assertThat(server.bodies()).hasSize(1);
            assertThat(f.gauge(DetectMetrics.BREAKER_PREFIX + ".state", "name", server.target(), "state", "closed"))
                    .isEqualTo(1);
        }
    }

    @Test
    void aHangingTargetTimesOutWithoutHoldingUpMatching() {
        server.mode(WebhookServer.Mode.HANG);
        // The stop's 2 s cancel grace (a fifth of its timeout) is ample for the interrupted executor to end.
        try (ComponentFixture f = fixture("actions.webhook-timeout", "30s", "actions.threads", "1",
                "stop-timeout", "10s").start()) {
            f.detect.offer(matching(2));

            await().atMost(PATIENCE).until(() -> server.requests() == 1);
            await().atMost(PATIENCE).until(() -> f.events.count() == 2 && f.alerts.alerts().size() == 2);
            assertThat(server.requests()).as("the first request still hangs").isEqualTo(1);
            assertThat(outcomes(f)).as("no webhook action has ended yet").isZero();

            StopOutcome outcome = f.detect.stop();
            assertThat(outcome.clean()).as(outcome.describe()).isTrue();
            assertThat(f.counter(DetectMetrics.ACTIONS, "type", "webhook", "outcome", "undelivered"))
                    .as("cut short by the stop, not failed by the target").isEqualTo(2);
        }
    }

    @Test
    void theTimeoutCoversTheAnswersBodyNotJustItsHeaders() {
        server.mode(WebhookServer.Mode.STALL_BODY);
        // Long enough for the headers to arrive on a loaded machine, so it is the stalled body that times out.
        try (ComponentFixture f = fixture("actions.webhook-timeout", "3s", "actions.threads", "1").start()) {
            f.detect.offer(matching(1));

            await().atMost(PATIENCE).until(() ->
                    f.counter(DetectMetrics.ACTIONS, "type", "webhook", "outcome", "failed") == 1);
            assertThat(server.requests()).isEqualTo(1);
            assertThat(f.meters.find(DetectMetrics.BREAKER_PREFIX + ".calls")
                    .tags("name", server.target(), "kind", "failed").timer().count())
                    .as("the breaker counts it against the target").isEqualTo(1);
        }
    }

    @Test
    void aFullActionQueueCountsActionsUndeliveredAndNeverBlocksMatching() {
        // The first webhook hangs until released: the one executor takes nothing more meanwhile,
        // so at most it and the two queued actions are webhooks, however slow the machine.
        server.mode(WebhookServer.Mode.HANG);
        try (ComponentFixture f = fixture("actions.queue-capacity", "2", "actions.threads", "1").start()) {
            f.detect.offer(matching(20));

            await().atMost(PATIENCE).until(() -> f.events.count() == 20 && f.alerts.alerts().size() == 20);
            assertThat(f.counter(DetectMetrics.ACTIONS, "type", "webhook", "outcome", "undelivered"))
                    .isGreaterThanOrEqualTo(17);
            server.release(); // what was queued fails now, instead of waiting for the stop deadline
            f.detect.stop();
            assertThat(outcomes(f)).as("every webhook action ends counted").isEqualTo(20);
        }
    }

    @Test
    void queuedActionsAreDeliveredDuringTheStop() {
        server.answerFirst(0); // every webhook is held until the stop begins
        try (ComponentFixture f = fixture("actions.threads", "1", "stop-timeout", "10s")) {
            f.detect.addListener((component, from, to) -> {
                if (to == ComponentState.STOPPING) {
                    server.release();
                }
            });
            f.start();
            f.detect.offer(matching(20));
            await().atMost(PATIENCE).until(() -> f.events.count() == 20 && server.requests() == 1);
            assertThat(f.detect.status().actionsQueued())
                    .as("behind the held webhook: the other 19 webhooks and 19 log actions").isEqualTo(38);

            StopOutcome outcome = f.detect.stop();

            assertThat(outcome.clean()).isTrue();
            assertThat(server.bodies()).hasSize(20);
            assertThat(f.counter(DetectMetrics.ACTIONS, "type", "webhook", "outcome", "delivered")).isEqualTo(20);
        }
    }

    @Test
    void actionsStillQueuedAtTheStopDeadlineAreCountedUndelivered() {
        server.mode(WebhookServer.Mode.HANG);
        // The stop's 2 s cancel grace (a fifth of its timeout) is ample for the interrupted executor to end.
        try (ComponentFixture f = fixture("actions.threads", "1", "stop-timeout", "10s",
                "actions.webhook-timeout", "30s").start()) {
            f.detect.offer(matching(10));
            await().atMost(PATIENCE).until(() -> f.events.count() == 10 && server.requests() == 1);

            StopOutcome outcome = f.detect.stop();

            assertThat(outcome.clean()).as(outcome.describe()).isTrue();
            assertThat(f.counter(DetectMetrics.ACTIONS, "type", "webhook", "outcome", "undelivered")).isEqualTo(10);
            assertThat(outcomes(f)).isEqualTo(10);
        }
    }

    @Test
    void stoppingWithEventsAndActionsQueuedLosesNoEventAndCountsEveryAction() {
        server.answerFirst(3); // three webhooks get through, the fourth is held past the stop deadline
        try (ComponentFixture f = fixture("actions.threads", "1", "stop-timeout", "10s", "batch-size", "10")) {
            f.events.answer(Admission.FULL);
            f.detect.addListener((component, from, to) -> {
                if (to == ComponentState.STOPPING) {
                    f.events.answer(Admission.ACCEPTED); // storage takes again only once the stop has begun
                }
            });
            f.start();
            List<Event> sent = matching(40);
            f.detect.offer(sent);
            await().atMost(PATIENCE).until(() -> f.counter(DetectMetrics.SINK_FULL, "sink", "events") > 0
                    && f.counter(DetectMetrics.ACTIONS, "type", "webhook", "outcome", "delivered") == 3
                    && server.requests() == 4);
            assertThat(f.events.count()).isZero();
            assertThat(f.detect.status().queued()).as("events still queued when the stop begins").isPositive();

            StopOutcome outcome = f.detect.stop();

            assertThat(outcome.clean()).as(outcome.describe()).isTrue();
            assertThat(f.events.ids()).containsExactlyInAnyOrderElementsOf(sent.stream().map(Event::eventId).toList());
            assertThat(f.alerts.alerts()).hasSize(40);
            assertThat(f.counter(DetectMetrics.ACTIONS, "type", "webhook", "outcome", "delivered")).isEqualTo(3);
            assertThat(f.counter(DetectMetrics.ACTIONS, "type", "webhook", "outcome", "undelivered"))
                    .as("the held one and every one queued behind it").isEqualTo(37);
            assertThat(outcomes(f)).as("delivered + failed + undelivered").isEqualTo(40);
        }
    }

    @Test
    void breakersOfIdleTargetsAreRemovedWithTheirMeters() {
        try (ComponentFixture f = fixture("actions.breaker.idle-timeout", "10m",
                "actions.breaker.cleanup-interval", "200ms").start()) {
            f.detect.offer(matching(1));
            await().atMost(PATIENCE).until(() -> server.bodies().size() == 1);
            assertThat(f.detect.status().breakers()).extracting(BreakerStatus::target).containsExactly(server.target());

            f.clock.advance(Duration.ofMinutes(11));

            await().atMost(PATIENCE).until(() -> f.detect.status().breakers().isEmpty());
            assertThat(f.meters.find(DetectMetrics.BREAKER_PREFIX + ".state").tag("name", server.target()).gauges())
                    .isEmpty();
        }
    }

    private BreakerStatus breaker(ComponentFixture f) {
        return f.detect.status().breakers().stream().filter(b -> b.target().equals(server.target())).findFirst()
                .orElseThrow();
    }
}
