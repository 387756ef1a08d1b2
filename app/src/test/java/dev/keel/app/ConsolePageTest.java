package dev.keel.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keel.app.support.RunningKeel;
import dev.keel.lifecycle.testing.LeakCheck;
import dev.keel.lifecycle.testing.RealTools;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The console, driven in a real headless Chromium (Selenium and Debian's chromedriver) against a
 * running Keel: its charts move while a load runs, the alert of a brute-force burst appears
 * (its title and its events' markup shown as text), the rejected rule file is listed with its
 * reason, every component shows, on a phone's screen nothing scrolls sideways, and once the
 * service is gone the page says which endpoint it cannot read. Screenshots are kept in
 * {@code target/screenshots/}.
 */
class ConsolePageTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String MARKUP_TITLE = "<img src=x onerror=\"document.title='pwned'\"> brute force";
    private static final String MARKUP_MESSAGE = "failed password <script>document.title='pwned'</script>";
    private static final Duration PATIENCE = Duration.ofMinutes(1);

    @RegisterExtension
    LeakCheck leaks = LeakCheck.create().linger(Duration.ofSeconds(30))
            .ignoreThreads("Selenium's static pool that polls chromedriver's port", LeakCheck.named("UrlChecker-"));

    @Test
    void showsTheFlowTheAlertAsTextTheRejectedFileAndEveryComponent(@TempDir Path directory, TestInfo test)
            throws Exception {
        RealTools.require(Files.isExecutable(CHROMIUM), CHROMIUM + " is not installed", "apt-get install -y chromium");
        RealTools.require(Files.isExecutable(CHROMEDRIVER), CHROMEDRIVER + " is not installed",
                "apt-get install -y chromium-driver");
        Path rules = writeRules(directory.resolve("keel/rules"));
        try (RunningKeel keel = RunningKeel.start(directory.resolve("keel"),
                        Map.of("keel.console.sample-interval", "200ms"));
                HttpClient client = HttpClient.newHttpClient()) {
            ChromeDriver browser = browser(directory.resolve("chromium-profile"));
            try {
                browser.get("http://" + RunningKeel.OPS_USER + ":" + RunningKeel.OPS_PASSWORD + "@127.0.0.1:"
                        + keel.managementPort() + "/");
                page().until(() -> refreshes(browser) >= 1);

                chartsMoveWhileALoadRuns(browser, client, keel);
                theBurstsAlertAppearsWithItsEventsAsText(browser, client, keel);

                assertThat(textOf(browser, "#rejected li[data-file='" + rules.resolve("broken.yml") + "'] .reason"))
                        .isNotBlank();
                page().untilAsserted(() -> assertThat(textOf(browser, "#logsources li[data-logsource='any']"))
                        .as("the events sent carry no log source").startsWith("any ").endsWith(" events, each against 1 detection rule"));
                page().untilAsserted(() -> assertThat(componentStates(browser)).containsExactly(
                        "storage RUNNING", "detect RUNNING", "ingest RUNNING", "http RUNNING", "console RUNNING"));
                assertThat(browser.findElements(By.cssSelector("#problems li"))).isEmpty();
                screenshot(browser, test, "desktop");

                onAPhoneNothingScrollsSideways(browser);
                screenshot(browser, test, "phone");

                keel.close();
                page().untilAsserted(() -> assertThat(browser.findElements(
                        By.cssSelector("#problems li[data-endpoint='actuator/workers']"))).singleElement()
                        .extracting(WebElement::getText).asString().startsWith("Cannot read /actuator/workers: "));
                assertThat(browser.findElement(By.id("summary")).getText()).startsWith("No answer from the service since ");
                screenshot(browser, test, "service-gone");
            } finally {
                browser.quit();
            }
        }
    }

    /** While events arrive, the accepted and stored charts' lines rise above zero, without a reload. */
    private static void chartsMoveWhileALoadRuns(ChromeDriver browser, HttpClient client, RunningKeel keel) {
        String before = series(browser, "accepted_http");
        // Each poll sends one more batch, so the load runs exactly as long as the page needs.
        page().pollInterval(Duration.ofMillis(300)).until(() -> {
            post(client, keel, IntStream.range(0, 50)
                    .mapToObj(i -> "{\"user\":\"bob\",\"action\":\"browse\",\"message\":\"page " + i + "\"}")
                    .collect(Collectors.joining("\n")));
            return !series(browser, "accepted_http").equals(before)
                    && peak(series(browser, "accepted_http")) > 0
                    && peak(series(browser, "stored_events")) > 0;
        });
    }

    /** Five failed logins by one user: the correlation's alert shows, and opening it lists the events. */
    private static void theBurstsAlertAppearsWithItsEventsAsText(ChromeDriver browser, HttpClient client,
            RunningKeel keel) throws IOException, InterruptedException {
        post(client, keel, IntStream.range(0, 5)
                .mapToObj(i -> "{\"user\":\"mallory\",\"action\":\"login_failed\",\"message\":\""
                        + MARKUP_MESSAGE.replace("\"", "\\\"") + " " + i + "\"}")
                .collect(Collectors.joining("\n")));
        WebElement alert = page().until(
                () -> browser.findElements(By.cssSelector("#alerts li.alert")), found -> found.size() == 1).get(0);
        assertThat(alert.findElement(By.className("rule")).getText()).isEqualTo(MARKUP_TITLE);
        assertThat(alert.findElement(By.className("group")).getText()).contains("mallory");
        assertThat(alert.findElement(By.className("count")).getText()).isEqualTo("5 events");

        alert.findElement(By.tagName("summary")).click();
        List<String> messages = page().until(() -> alert.findElements(By.cssSelector(".events .message"))
                .stream().map(WebElement::getText).toList(), shown -> shown.size() == 5);
        assertThat(messages).allSatisfy(message -> assertThat(message).startsWith(MARKUP_MESSAGE));
        assertThat(browser.findElements(By.cssSelector("#alerts img, #alerts script"))).isEmpty();
        assertThat(browser.getTitle()).isEqualTo("Keel console");
    }

    /** At 390x844 (a phone held upright) the page is no wider than the screen. */
    private static void onAPhoneNothingScrollsSideways(ChromeDriver browser) {
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 390, "height", 844, "deviceScaleFactor", 2, "mobile", true));
        int refreshed = refreshes(browser);
        page().until(() -> refreshes(browser) > refreshed);
        Object widths = browser.executeScript(
                "return [document.documentElement.scrollWidth, document.documentElement.clientWidth];");
        assertThat(widths).as("scrollWidth, clientWidth").isEqualTo(List.of(390L, 390L));
    }

    private static Path writeRules(Path rules) throws IOException {
        Files.createDirectories(rules);
        Files.writeString(rules.resolve("failed-login.yml"), """
                title: Failed login
                id: console-failed-login
                name: failed_login
                level: low
                detection:
                    selection:
                        action: login_failed
                    condition: selection
                """);
        Files.writeString(rules.resolve("brute-force.yml"), """
                title: '%s'
                id: console-brute-force
                level: high
                correlation:
                    type: event_count
                    rules: [failed_login]
                    group-by: [user]
                    timespan: 10m
                    condition:
                        gte: 5
                """.formatted(MARKUP_TITLE.replace("'", "''")));
        Files.writeString(rules.resolve("broken.yml"), "title: broken\ndetection:\n    condition: nothing\n");
        return rules;
    }

    private static ChromeDriver browser(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // Off the (closed) network, out of the sandbox it cannot have as root, a laptop's screen.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1280,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }

    private static void post(HttpClient client, RunningKeel keel, String ndjson)
            throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(keel.uri("/api/v1/events/bulk"))
                        .header("Content-Type", "application/x-ndjson")
                        .POST(HttpRequest.BodyPublishers.ofString(ndjson))
                        .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }

    private static int refreshes(ChromeDriver browser) {
        String refreshed = browser.findElement(By.tagName("body")).getDomAttribute("data-refreshed");
        return refreshed == null ? 0 : Integer.parseInt(refreshed);
    }

    /**
     * Waits for what the page shows: it redraws every refresh, so an element found a moment ago may
     * be gone (stale) when it is read; the wait reads again.
     */
    private static ConditionFactory page() {
        return await().atMost(PATIENCE).ignoreException(StaleElementReferenceException.class);
    }

    /** The text of the first element {@code selector} finds, read in the page in one step (never stale), or null. */
    private static String textOf(ChromeDriver browser, String selector) {
        return (String) browser.executeScript(
                "var e = document.querySelector(arguments[0]); return e ? e.textContent : null;", selector);
    }

    /** The values a chart's line is drawn from, as the page holds them, read in one step. */
    private static String series(ChromeDriver browser, String name) {
        Object values = browser.executeScript("var e = document.querySelector(arguments[0]);"
                + " return e ? e.getAttribute('data-values') : '';", "[data-series='" + name + "'][data-values]");
        return values == null ? "" : (String) values;
    }

    private static double peak(String values) {
        return values.isEmpty() ? 0
                : Arrays.stream(values.split(",")).mapToDouble(Double::parseDouble).max().orElse(0);
    }

    private static List<String> componentStates(ChromeDriver browser) {
        @SuppressWarnings("unchecked")
        List<String> states = (List<String>) browser.executeScript("return Array.from("
                + "document.querySelectorAll('#components tbody tr')).map(function (row) {"
                + " return row.dataset.component + ' ' + row.querySelector(\"[data-label='State']\").textContent; });");
        return states;
    }

    private static void screenshot(ChromeDriver browser, TestInfo test, String screen) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        String name = test.getTestClass().orElseThrow().getSimpleName() + "-" + screen + ".png";
        Files.write(SCREENSHOTS.resolve(name), browser.getScreenshotAs(OutputType.BYTES));
    }
}
