package dev.keel.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keel.app.support.RunningKeel;
import dev.keel.lifecycle.testing.LeakCheck;
import dev.keel.lifecycle.testing.RealTools;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shipped Grafana dashboard against a real Prometheus (Debian's) scraping a running Keel with
 * the shipped scrape configuration: every query of every panel returns data, and no value is NaN
 * while events flow. A renamed meter, a wrong label or a broken expression fails here.
 */
class DashboardQueriesTest {

    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final Path MONITORING = Path.of("..", "monitoring");
    private static final Pattern LISTENING = Pattern.compile("msg=\"Listening on\" address=127\\.0\\.0\\.1:(\\d+)");
    /** What Grafana puts for $__rate_interval at the 1 s scrape interval used here (at least 4 scrapes). */
    private static final String RATE_INTERVAL = "10s";
    private static final Duration PATIENCE = Duration.ofMinutes(2);

    @RegisterExtension
    LeakCheck leaks = LeakCheck.create().linger(Duration.ofSeconds(30));

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void everyPanelQueryReturnsDataFromARunningKeel(@TempDir Path directory) throws Exception {
        RealTools.require(Files.isExecutable(PROMETHEUS), PROMETHEUS + " is not installed",
                "apt-get install -y prometheus");
        List<String> queries = dashboardQueries();
        assertThat(queries).as("the dashboard's queries").hasSizeGreaterThan(10)
                .noneMatch(query -> query.contains("$"));
        try (RunningKeel keel = RunningKeel.start(directory.resolve("keel"));
                HttpClient client = HttpClient.newHttpClient()) {
            Process prometheus = startPrometheus(directory.resolve("prometheus"), keel.managementPort());
            try {
                int port = listeningPort(directory.resolve("prometheus/log"), prometheus);
                // Each round sends events and then asks every query, so the rates have something to rate.
                await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                    post(client, keel);
                    List<String> empty = new ArrayList<>();
                    for (String query : queries) {
                        if (!hasFiniteData(client, port, query)) {
                            empty.add(query);
                        }
                    }
                    assertThat(empty).as("queries without data (or with NaN)").isEmpty();
                });
            } finally {
                prometheus.destroy();
                if (!prometheus.waitFor(1, TimeUnit.MINUTES)) {
                    prometheus.destroyForcibly().waitFor();
                }
            }
        }
    }

    /** Every target's expression, from every panel, rows included, with Grafana's rate interval filled in. */
    private List<String> dashboardQueries() throws IOException {
        JsonNode dashboard = json.readTree(Files.readString(MONITORING.resolve("grafana/dashboards/keel.json")));
        List<String> queries = new ArrayList<>();
        collect(dashboard.path("panels"), queries);
        return queries.stream().map(query -> query.replace("$__rate_interval", RATE_INTERVAL)).toList();
    }

    private static void collect(JsonNode panels, List<String> queries) {
        for (JsonNode panel : panels) {
            panel.path("targets").forEach(target -> queries.add(target.path("expr").asString()));
            collect(panel.path("panels"), queries);
        }
    }

    /** Prometheus with the shipped scrape configuration, pointed at this Keel and scraping every second. */
    private static Process startPrometheus(Path home, int managementPort) throws IOException {
        Files.createDirectories(home);
        Path password = Files.writeString(home.resolve("keel-password"), RunningKeel.OPS_PASSWORD);
        String shipped = Files.readString(MONITORING.resolve("prometheus.yml"));
        String config = replaced(replaced(replaced(shipped,
                "scrape_interval: 10s", "scrape_interval: 1s"),
                "\"keel:8081\"", "\"127.0.0.1:" + managementPort + "\""),
                "/tmp/keel-password", password.toString());
        Path file = Files.writeString(home.resolve("prometheus.yml"), config);
        return new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + file,
                "--storage.tsdb.path=" + home.resolve("data"), "--web.listen-address=127.0.0.1:0")
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("log").toFile())
                .start();
    }

    private static String replaced(String text, String what, String with) {
        assertThat(text).as("the shipped prometheus.yml").contains(what);
        return text.replace(what, with);
    }

    /** The port Prometheus chose, from its own log line. */
    private static int listeningPort(Path log, Process prometheus) {
        return await().atMost(PATIENCE).until(() -> {
            assertThat(prometheus.isAlive()).as("prometheus is running: %s", Files.readString(log)).isTrue();
            Matcher listening = LISTENING.matcher(Files.readString(log));
            return listening.find() ? Integer.parseInt(listening.group(1)) : 0;
        }, port -> port > 0);
    }

    private static void post(HttpClient client, RunningKeel keel) throws IOException, InterruptedException {
        String events = IntStream.range(0, 20)
                .mapToObj(i -> "{\"user\":\"carol\",\"action\":\"login\",\"message\":\"dashboard " + i + "\"}")
                .collect(Collectors.joining("\n"));
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(keel.uri("/api/v1/events/bulk"))
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(events))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }

    /** Whether the instant query returns at least one sample, every one a finite number. */
    private boolean hasFiniteData(HttpClient client, int port, String query) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s: %s", query, response.body()).isEqualTo(200);
        JsonNode result = json.readTree(response.body()).path("data").path("result");
        if (result.isEmpty()) {
            return false;
        }
        for (JsonNode sample : result) {
            if (!Double.isFinite(Double.parseDouble(sample.path("value").path(1).asString()))) {
                return false;
            }
        }
        return true;
    }
}
