package dev.keel.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.app.support.Http;
import dev.keel.app.support.RunningKeel;
import dev.keel.lifecycle.testing.LeakCheck;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What an operator sees over HTTP: public health and info, everything else behind credentials. */
class ActuatorTest {

    @RegisterExtension
    static LeakCheck leaks = LeakCheck.create().perClass().linger(java.time.Duration.ofSeconds(30));

    @TempDir
    static Path directory;

    static RunningKeel keel;
    static Http http;
    final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    static void start() {
        keel = RunningKeel.start(directory);
        http = new Http();
    }

    @AfterAll
    static void stop() {
        http.close();
        keel.close();
    }

    @Test
    void healthIsPublicAndUpWithoutDetails() throws Exception {
        var response = http.get(keel.managementUri("/actuator/health"));
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode health = json.readTree(response.body());
        assertThat(health.path("status").asString()).isEqualTo("UP");
        assertThat(health.has("components")).as("details only for operators").isFalse();
    }

    @Test
    void operatorsSeeOneHealthContributorPerComponent() throws Exception {
        JsonNode health = json.readTree(http.getAsOps(keel.managementUri("/actuator/health")).body());
        JsonNode components = health.path("components").path("components").path("components");
        assertThat(components.propertyNames()).containsExactlyInAnyOrder("storage", "detect", "ingest", "http", "console");
        for (String name : components.propertyNames()) {
            assertThat(components.path(name).path("status").asString()).as(name).isEqualTo("UP");
            assertThat(components.path(name).path("details").path("state").asString()).isEqualTo("RUNNING");
        }
    }

    @Test
    void livenessAndReadinessProbesAreSeparate() throws Exception {
        JsonNode liveness = json.readTree(http.get(keel.managementUri("/actuator/health/liveness")).body());
        JsonNode readiness = json.readTree(http.getAsOps(keel.managementUri("/actuator/health/readiness")).body());
        assertThat(liveness.path("status").asString()).isEqualTo("UP");
        assertThat(readiness.path("status").asString()).isEqualTo("UP");
        assertThat(readiness.path("components").has("components")).as("readiness includes the components").isTrue();
        JsonNode livenessDetail = json.readTree(http.getAsOps(keel.managementUri("/actuator/health/liveness")).body());
        assertThat(livenessDetail.path("components").has("components"))
                .as("liveness must not depend on the components (or on ClickHouse)").isFalse();
    }

    @Test
    void infoIsPublic() throws Exception {
        assertThat(http.get(keel.managementUri("/actuator/info")).statusCode()).isEqualTo(200);
    }

    @Test
    void theWorkersEndpointNeedsCredentials() throws Exception {
        assertThat(http.get(keel.managementUri("/actuator/workers")).statusCode()).isEqualTo(401);
        assertThat(http.get(keel.managementUri("/actuator/prometheus")).statusCode()).isEqualTo(401);
        assertThat(http.get(keel.managementUri("/actuator/metrics")).statusCode()).isEqualTo(401);
        assertThat(http.get(keel.managementUri("/")).statusCode()).isEqualTo(401);
    }

    @Test
    void theWorkersEndpointListsComponentsInStartOrderWithWorkersAndQueues() throws Exception {
        var response = http.getAsOps(keel.managementUri("/actuator/workers"));
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode components = json.readTree(response.body()).path("components");
        assertThat(components.valueStream().map(c -> c.path("name").asString()))
                .containsExactly("storage", "detect", "ingest", "http", "console");
        for (JsonNode component : components) {
            assertThat(component.path("state").asString()).isEqualTo("RUNNING");
            assertThat(component.path("stop_timeout_ms").asLong()).isPositive();
            assertThat(component.path("workers").size()).isPositive().isEqualTo(component.path("live_workers").asInt());
            JsonNode worker = component.path("workers").get(0);
            assertThat(worker.path("kind").asString()).isIn("platform", "virtual");
            assertThat(worker.has("since")).isTrue();
            assertThat(worker.has("restarts")).isTrue();
        }
        assertThat(components.get(0).path("phase").asInt()).isLessThan(components.get(1).path("phase").asInt());
        assertThat(components.get(1).path("phase").asInt()).isLessThan(components.get(2).path("phase").asInt());
        assertThat(components.get(2).path("phase").asInt()).isLessThan(components.get(3).path("phase").asInt());
        assertThat(components.get(1).path("queues").valueStream().map(q -> q.path("capacity").asInt()))
                .allMatch(capacity -> capacity > 0);

        JsonNode detect = json.readTree(http.getAsOps(keel.managementUri("/actuator/workers/detect")).body());
        assertThat(detect.path("name").asString()).isEqualTo("detect");
    }

    @Test
    void prometheusShowsLifecycleAndJvmThreadMeters() throws Exception {
        String scrape = http.getAsOps(keel.managementUri("/actuator/prometheus")).body();
        assertThat(scrape)
                .contains("keel_workers_live{component=\"storage\",kind=")
                .contains("keel_workers_live{component=\"ingest\",kind=")
                .contains("keel_workers_started_total{component=\"detect\"")
                .contains("keel_queue_depth{component=\"detect\"")
                .contains("jvm_threads_live_threads");
    }

    @Test
    void theIngestApiIsNotBehindManagementCredentials() throws Exception {
        var response = http.postNdjson(keel.uri("/api/v1/events/bulk"), "{\"message\":\"hello\"}\n");
        assertThat(response.statusCode()).isEqualTo(202);
    }

    @Test
    void recentEventsAreReadableByOperatorsOnly() throws Exception {
        http.postNdjson(keel.uri("/api/v1/events/bulk"), "{\"event_id\":\"read-me\",\"message\":\"x\"}\n");
        assertThat(http.get(keel.uri("/api/v1/events?limit=5")).statusCode()).isEqualTo(401);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() ->
                http.getAsOps(keel.uri("/api/v1/events?limit=1000")).body().contains("\"event_id\":\"read-me\""));
        assertThat(http.getAsOps(keel.uri("/api/v1/alerts?limit=5")).statusCode()).isEqualTo(200);
        var tooMany = http.getAsOps(keel.uri("/api/v1/events?limit=100000"));
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(tooMany.body()).contains("limit");
        var notANumber = http.getAsOps(keel.uri("/api/v1/alerts?limit=abc"));
        assertThat(notANumber.statusCode()).isEqualTo(400);
        assertThat(notANumber.body()).contains("limit must be a whole number from 1 to 1000, was abc");
    }

    @Test
    void actuatorAndTheConsoleAreOnTheManagementPortOnly() throws Exception {
        assertThat(keel.managementPort()).isNotEqualTo(keel.httpPort());
        var console = http.getAsOps(keel.managementUri("/"));
        assertThat(console.statusCode()).isEqualTo(200);
        assertThat(console.body()).contains("<title>Keel");
        assertThat(console.headers().firstValue("Content-Security-Policy")).hasValue("default-src 'self'");
        assertThat(http.getAsOps(keel.managementUri("/console.js")).statusCode()).isEqualTo(200);
        var noIds = http.getAsOps(keel.managementUri("/console/events"));
        assertThat(noIds.statusCode()).isEqualTo(400);
        assertThat(json.readTree(noIds.body()).path("error").asString()).isEqualTo("ids must name 1..1000 events, named 0");
        var history = json.readTree(http.getAsOps(keel.managementUri("/actuator/history")).body());
        assertThat(history.path("capacity").asInt()).isEqualTo(180);
        assertThat(history.path("interval_ms").asLong()).isEqualTo(5000);

        for (String path : new String[] {"/actuator/health", "/actuator/workers", "/", "/console.js"}) {
            var onIngest = http.getAsOps(keel.uri(path));
            assertThat(onIngest.statusCode()).as(path).isEqualTo(404);
            assertThat(json.readTree(onIngest.body()).path("error").asString()).as(path)
                    .isEqualTo("no such resource: " + path);
        }
        assertThat(keel.context().getEnvironment().getProperty("management.server.address"))
                .as("management listens on loopback unless an operator opens it").isEqualTo("127.0.0.1");
    }

    @Test
    void theErrorPathAskedForDirectlyIsNotFoundInKeelsFormat() throws Exception {
        for (var response : java.util.List.of(http.get(keel.uri("/error")), http.getAsOps(keel.uri("/error")))) {
            assertThat(response.statusCode()).isEqualTo(404);
            JsonNode body = json.readTree(response.body());
            assertThat(body.path("status").asInt()).isEqualTo(404);
            assertThat(body.path("error").asString()).isEqualTo("no such resource: /error");
        }
        var unauthorized = http.get(keel.uri("/api/v1/alerts"));
        assertThat(unauthorized.statusCode()).isEqualTo(401);
        assertThat(json.readTree(unauthorized.body()).path("status").asInt()).isEqualTo(401);
    }

    @Test
    void healthWarnsThatIngestIsOpenWithoutApiKeysBeyondLoopback() throws Exception {
        JsonNode health = json.readTree(http.getAsOps(keel.managementUri("/actuator/health")).body());
        JsonNode exposure = health.path("components").path("ingestExposure");
        assertThat(exposure.path("status").asString()).isEqualTo("UP");
        assertThat(exposure.path("details").path("open").asBoolean()).isTrue();
        assertThat(exposure.path("details").path("warning").asString()).contains("keel.ingest.api-keys");
    }
}
