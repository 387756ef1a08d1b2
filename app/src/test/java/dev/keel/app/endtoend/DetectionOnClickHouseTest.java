package dev.keel.app.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keel.app.endtoend.ClickHouseTables.StoredAlert;
import dev.keel.app.support.Http;
import dev.keel.app.support.RunningKeel;
import dev.keel.lifecycle.testing.LeakCheck;
import dev.keel.storage.StorageComponent;
import dev.keel.storage.StorageCounters;
import dev.keel.storage.testing.ClickHouseExtension;
import dev.keel.storage.testing.ClickHouseHttp;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Detection through the whole stack, on a private ClickHouse server: events in over HTTP, rules
 * from the rules directory, alerts read back from ClickHouse's {@code alerts} table, the rule
 * status from the Actuator endpoints an operator uses.
 */
class DetectionOnClickHouseTest {

    @RegisterExtension
    static final ClickHouseExtension clickhouse = new ClickHouseExtension();

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create().linger(Duration.ofSeconds(30));

    private static final Duration GENEROUS = Duration.ofSeconds(60);
    private static final String RUNAWAY = "e2e-runaway-regex";
    private static final String MARKED = "e2e-marked";
    /** Many 'a's and no 'b': the runaway rule's expression backtracks until the regex timeout. */
    private static final String POISON = "a".repeat(40) + "!";

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void aRuleThatThrowsIsCountedAndQuarantinedWhileEveryEventIsStoredAndTheRuleNextToItStillAlerts(
            @TempDir Path directory) throws Exception {
        ClickHouseTables tables = new ClickHouseTables(server(), "e2e_rule_failure");
        RunningKeel keel = KeelOnClickHouse.start(server(), tables.database(), directory, "rule-failure", Map.of(
                "keel.detect.regex-timeout", "50ms",
                "keel.detect.quarantine.failures", "3"));
        StorageComponent storage = keel.storage();
        try (Http http = new Http(); JsonPoster poster = new JsonPoster()) {
            tables.stopMerges(); // raw counts then show any row written twice
            // Every event is marked; every sixth carries the payload the runaway rule chokes on.
            List<String> first = ids("first", 30);
            assertThat(http.postNdjson(keel.uri("/api/v1/events/bulk"), String.join("\n", markedEvents(first)))
                    .statusCode()).isEqualTo(202);
            awaitStoredWithAlerts(tables, first);
            long failures = ruleFailures(http, keel);
            assertThat(failures).as("failures counted before the quarantine took the rule out (threshold 3)")
                    .isBetween(3L, (long) poisoned(first).size());
            assertThat(quarantinedOnWorkersEndpoint(http, keel)).as("the workers endpoint shows the rule quarantined")
                    .singleElement(InstanceOfAssertFactories.STRING)
                    .startsWith(RUNAWAY + " (Runaway regular expression): " + failures
                            + " failures, last dev.keel.detect.rule.RegexTimeoutException");
            JsonNode detectHealth = detectHealth(http, keel);
            assertThat(detectHealth.path("status").asString()).as("a quarantined rule degrades, it does not fail")
                    .isEqualTo("UP");
            assertThat(detectHealth.path("details").path("problems").toString()).contains("rule quarantined: "
                    + "'Runaway regular expression' (" + RUNAWAY + ")");

            // Once quarantined, the rule is skipped: more poisoned events fail nothing and still flow.
            List<String> second = ids("second", 30);
            assertThat(poster.post(keel.uri("/api/v1/events"), "[" + String.join(",", markedEvents(second)) + "]")
                    .statusCode()).isEqualTo(202);
            List<String> all = new ArrayList<>(first);
            all.addAll(second);
            awaitStoredWithAlerts(tables, all);
            assertThat(ruleFailures(http, keel)).as("a quarantined rule is not evaluated any more").isEqualTo(failures);
            assertThat(tables.alerts(RUNAWAY)).as("the failing rule raised nothing").isEmpty();
            assertThat(tables.alerts(MARKED).stream().map(a -> a.eventIds().getFirst()))
                    .as("the poisoned events went through the other rule too")
                    .containsAll(poisoned(all));
        } finally {
            keel.close();
        }
        StorageCounters counters = storage.counters();
        assertThat(counters.balanced()).as("%s", counters).isTrue();
        assertThat(counters.events().stored()).as("every event stored, none dead-lettered or spooled").isEqualTo(60);
        assertThat(counters.alerts().stored()).isEqualTo(60);
        assertThat(tables.rawCount("events")).as("every event stored once").isEqualTo(60);
        assertThat(tables.rawCount("alerts")).as("one alert per marked event").isEqualTo(60);
    }

    @Test
    void fiveFailedLoginsByOneUserWithinAMinuteRaiseOneAlertInClickHouse(@TempDir Path directory) throws Exception {
        ClickHouseTables tables = new ClickHouseTables(server(), "e2e_correlation");
        RunningKeel keel = KeelOnClickHouse.start(server(), tables.database(), directory, "correlation", Map.of());
        StorageComponent storage = keel.storage();
        long start = System.currentTimeMillis() - 50_000;
        List<String> alice = ids("alice", 5);
        List<String> bob = ids("bob", 4);
        List<String> carol = ids("carol", 5);
        try (Http http = new Http(); JsonPoster poster = new JsonPoster()) {
            tables.stopMerges();
            // Alice fails five times within 40 s, one request each, as a login service would report them.
            for (int i = 0; i < alice.size(); i++) {
                assertThat(poster.post(keel.uri("/api/v1/events"),
                        login(alice.get(i), "alice", "login_failed", start + i * 10_000L)).statusCode()).isEqualTo(202);
            }
            // Bob fails only four times; Carol logs in five times without failing.
            List<String> others = new ArrayList<>();
            for (int i = 0; i < bob.size(); i++) {
                others.add(login(bob.get(i), "bob", "login_failed", start + i * 1_000L));
            }
            for (int i = 0; i < carol.size(); i++) {
                others.add(login(carol.get(i), "carol", "login_ok", start + i * 1_000L));
            }
            assertThat(http.postNdjson(keel.uri("/api/v1/events/bulk"), String.join("\n", others)).statusCode())
                    .isEqualTo(202);
            await("the brute-force alert in ClickHouse").atMost(GENEROUS)
                    .until(() -> !tables.alerts("e2e-brute-force").isEmpty());
        } finally {
            keel.close(); // everything accepted is written before the close returns
        }
        List<StoredAlert> alerts = tables.alerts("e2e-brute-force");
        assertThat(alerts).singleElement().satisfies(alert -> {
            assertThat(alert.groupKey()).isEqualTo("user=alice");
            assertThat(alert.level()).isEqualTo("high");
            assertThat(alert.eventIds()).containsExactlyInAnyOrderElementsOf(alice);
        });
        assertThat(tables.rawCount("alerts")).as("no other alert: the failed logins raise none of their own")
                .isEqualTo(1);
        assertThat(tables.rowsPerEventId("http")).as("every event stored once")
                .containsOnlyKeys(concat(alice, bob, carol)).allSatisfy((id, rows) -> assertThat(rows).isEqualTo(1));
        assertThat(storage.counters().balanced()).isTrue();
        assertThat(storage.counters().alerts().stored()).isEqualTo(1);
    }

    private static ClickHouseHttp server() {
        return clickhouse.server().http();
    }

    private void awaitStoredWithAlerts(ClickHouseTables tables, List<String> ids) {
        await("events stored, one alert each").atMost(GENEROUS).untilAsserted(() -> {
            assertThat(tables.rowsPerEventId("http").keySet()).containsAll(ids);
            assertThat(tables.alerts(MARKED).stream().map(a -> a.eventIds().getFirst())).containsAll(ids);
        });
    }

    private static List<String> ids(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + "-" + i).toList();
    }

    private static List<String> poisoned(List<String> ids) {
        return IntStream.range(0, ids.size()).filter(i -> i % 6 == 0).mapToObj(ids::get).toList();
    }

    private static List<String> markedEvents(List<String> ids) {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            events.add("{\"event_id\":\"" + ids.get(i) + "\",\"action\":\"e2e-marked\",\"host\":\"web-1\""
                    + (i % 6 == 0 ? ",\"payload\":\"" + POISON + "\"" : "") + "}");
        }
        return events;
    }

    private static String login(String id, String user, String action, long timestamp) {
        return "{\"event_id\":\"" + id + "\",\"timestamp\":" + timestamp + ",\"user\":\"" + user + "\",\"action\":\""
                + action + "\",\"src_ip\":\"192.0.2.7\",\"host\":\"sso-1\"}";
    }

    private static List<String> concat(List<String> a, List<String> b, List<String> c) {
        return Stream.of(a, b, c).flatMap(List::stream).toList();
    }

    /** {@code keel.detect.rule.failures} of the runaway rule, as {@code /actuator/metrics} reports it. */
    private long ruleFailures(Http http, RunningKeel keel) throws IOException, InterruptedException {
        var response = http.getAsOps(keel.managementUri("/actuator/metrics/keel.detect.rule.failures?tag=rule:" + RUNAWAY));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Math.round(json.readTree(response.body()).path("measurements").path(0).path("value").asDouble());
    }

    private List<String> quarantinedOnWorkersEndpoint(Http http, RunningKeel keel)
            throws IOException, InterruptedException {
        var response = http.getAsOps(keel.managementUri("/actuator/workers/detect"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> rules = new ArrayList<>();
        json.readTree(response.body()).path("details").path("quarantined_rules").forEach(r -> rules.add(r.asString()));
        return rules;
    }

    private JsonNode detectHealth(Http http, RunningKeel keel) throws IOException, InterruptedException {
        var response = http.getAsOps(keel.managementUri("/actuator/health"));
        return json.readTree(response.body()).path("components").path("components").path("components").path("detect");
    }
}
