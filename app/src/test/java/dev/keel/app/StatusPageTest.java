package dev.keel.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.keel.app.support.RunningKeel;
import dev.keel.lifecycle.WorkerRegistry;
import dev.keel.lifecycle.testing.LeakCheck;
import dev.keel.lifecycle.testing.RealTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status page, opened in a real headless Chromium: it logs in with the operator's
 * credentials, reads the workers endpoint and shows each component's live worker count.
 */
class StatusPageTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Pattern ROW = Pattern.compile(
            "<tr data-component=\"([a-z]+)\">.*?<td class=\"state[^\"]*\">([A-Z]+)</td><td class=\"workers\">(\\d+)</td>");

    @RegisterExtension
    LeakCheck leaks = LeakCheck.create().linger(Duration.ofSeconds(30));

    @Test
    void showsEveryComponentWithItsLiveWorkerCount(@TempDir Path directory) throws Exception {
        requireChromium();
        try (RunningKeel keel = RunningKeel.start(directory.resolve("keel"))) {
            String url = "http://" + RunningKeel.OPS_USER + ":" + RunningKeel.OPS_PASSWORD + "@127.0.0.1:"
                    + keel.managementPort() + "/";
            String dom = renderedDom(url, directory.resolve("chromium-profile"));

            Map<String, Integer> shown = new LinkedHashMap<>();
            Matcher row = ROW.matcher(dom);
            while (row.find()) {
                assertThat(row.group(2)).as(row.group(1)).isEqualTo("RUNNING");
                shown.put(row.group(1), Integer.parseInt(row.group(3)));
            }
            assertThat(shown.keySet()).as(dom).containsExactly("storage", "detect", "ingest", "http");
            shown.forEach((component, workers) -> assertThat(workers).as(component)
                    .isPositive()
                    .isEqualTo(WorkerRegistry.shared().snapshot(component).size()));
            assertThat(dom).contains("4 components, " + shown.values().stream().mapToInt(Integer::intValue).sum()
                    + " live workers");
            assertThat(dom).contains("data-queue=\"events\"");
        }
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

    private static void requireChromium() {
        RealTools.require(Files.isExecutable(CHROMIUM), CHROMIUM + " is not installed", "apt-get install -y chromium");
    }
}
