package dev.keel.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import dev.keel.app.support.RunningKeel;
import dev.keel.lifecycle.testing.LeakCheck;
import dev.keel.lifecycle.testing.RealTools;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console, opened in a real headless Chromium against a running Keel: after a burst of
 * failed logins it shows the flow in its charts, the alert (whose title holds markup, shown as
 * text), the rejected rule file with its reason, and every component.
 */
class ConsolePageTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final String MARKUP_TITLE = "<img src=x onerror=\"document.title='pwned'\"> five failures";
    private static final Pattern ROW = Pattern.compile(
            "<tr data-component=\"([a-z]+)\">.*?<td class=\"state[^\"]*\" data-label=\"State\">([A-Z]+)</td>");
    private static final Pattern HTTP_LINE = Pattern.compile("data-series=\"accepted_http\" data-values=\"([^\"]*)\"");

    @RegisterExtension
    LeakCheck leaks = LeakCheck.create().linger(Duration.ofSeconds(30));

    @Test
    void showsTheFlowTheAlertAsTextTheRejectedFileAndEveryComponent(@TempDir Path directory) throws Exception {
        RealTools.require(Files.isExecutable(CHROMIUM), CHROMIUM + " is not installed", "apt-get install -y chromium");
        Path rules = Files.createDirectories(directory.resolve("keel/rules"));
        Files.writeString(rules.resolve("failures.yml"), """
                title: '%s'
                id: 7d1f0c52-0b8e-4c1e-9a55-3f0c2b6d9e01
                level: high
                detection:
                    selection:
                        message|contains: failed password
                    condition: selection
                """.formatted(MARKUP_TITLE.replace("'", "''")));
        Files.writeString(rules.resolve("broken.yml"), "title: broken\ndetection:\n    condition: nothing\n");
        try (RunningKeel keel = RunningKeel.start(directory.resolve("keel"),
                Map.of("keel.console.sample-interval", "200ms"))) {
            try (HttpClient client = HttpClient.newHttpClient()) {
                accept5(client, keel);
            }
            String url = "http://" + RunningKeel.OPS_USER + ":" + RunningKeel.OPS_PASSWORD + "@127.0.0.1:"
                    + keel.managementPort() + "/";
            String dom = renderedDom(url, directory.resolve("chromium-profile"));

            Matcher row = ROW.matcher(dom);
            List<String> shown = new ArrayList<>();
            while (row.find()) {
                assertThat(row.group(2)).as(row.group(1)).isEqualTo("RUNNING");
                shown.add(row.group(1));
            }
            assertThat(shown).as(dom).containsExactly("storage", "detect", "ingest", "http", "console");

            Matcher line = HTTP_LINE.matcher(dom);
            assertThat(line.find()).as("the accepted chart has an HTTP line: %s", dom).isTrue();
            assertThat(List.of(line.group(1).split(","))).as("the 5 events show as a rate")
                    .anySatisfy(value -> assertThat(Double.parseDouble(value)).isPositive());

            assertThat(dom).contains("<span class=\"rule\">" + MARKUP_TITLE.replace("&", "&amp;")
                    .replace("<", "&lt;").replace(">", "&gt;") + "</span>");
            assertThat(dom).doesNotContain("<img src=\"x\"").doesNotContain("<title>pwned");
            assertThat(dom).contains("data-file=\"" + rules.resolve("broken.yml") + "\"");
            assertThat(dom).containsPattern("<code class=\"file\">[^<]*broken.yml</code><span class=\"reason\">[^<]+");
            assertThat(dom).doesNotContain("class=\"error\"");
        }
    }

    /** Five failed logins, each acknowledged, and their alerts stored. */
    private static void accept5(HttpClient client, RunningKeel keel) throws IOException, InterruptedException {
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + keel.httpPort() + "/api/v1/events"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"alice\",\"message\":\"failed password "
                            + "<script>document.title='pwned'</script> " + i + "\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        }
        await().atMost(Duration.ofMinutes(1)).until(() -> alertsStored(client, keel) >= 5);
    }

    private static int alertsStored(HttpClient client, RunningKeel keel) throws IOException, InterruptedException {
        String credentials = Base64.getEncoder().encodeToString((RunningKeel.OPS_USER + ":" + RunningKeel.OPS_PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        String body = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + keel.managementPort()
                        + "/console/alerts")).header("Authorization", "Basic " + credentials).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return body.split("\"alert_id\"", -1).length - 1;
    }

    /** Loads the page headless and returns the DOM once its script has fetched and rendered. */
    private static String renderedDom(String url, Path profile) throws IOException, InterruptedException {
        Files.createDirectories(profile);
        Path output = profile.resolve("dom.html");
        // The flags keep Chromium off the (closed) network and out of the sandbox it cannot have as root.
        Process chromium = new ProcessBuilder(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
                "--virtual-time-budget=15000", "--dump-dom", url))
                .redirectOutput(output.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!chromium.waitFor(2, TimeUnit.MINUTES)) {
            chromium.destroyForcibly().waitFor();
            fail("chromium did not finish rendering " + url);
        }
        return Files.readString(output, StandardCharsets.UTF_8);
    }
}
