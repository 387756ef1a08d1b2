package dev.keel.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keel.app.support.RunningKeel;
import dev.keel.lifecycle.WorkerInfo;
import dev.keel.lifecycle.WorkerRegistry;
import dev.keel.lifecycle.testing.LeakCheck;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/workers.md cannot rot: every worker the running application has is listed there with its
 * kind, every listed worker that always runs is running, and pools run as many workers as their
 * property says.
 */
class WorkersDocumentTest {

    private static final Path DOCUMENT = Path.of("..", "docs", "workers.md");
    private static final List<String> COMPONENTS = List.of("storage", "detect", "ingest", "http");
    /** Pool sizes unlike the defaults and unlike each other, so a count proves which property drives it. */
    private static final Map<String, Object> POOL_SIZES = Map.of(
            "keel.storage.writers", 3,
            "keel.storage.alert-writers", 2,
            "keel.detect.matcher-threads", 3,
            "keel.detect.actions.threads", 2,
            "keel.ingest.syslog.parse-workers", 4);

    @RegisterExtension
    LeakCheck leaks = LeakCheck.create().linger(Duration.ofSeconds(30));

    /**
     * A row of the inventory. {@code kind} starts with the kind this test's embedded-storage app
     * runs; {@code instances}: "1", a property giving the pool size, or "on demand: …".
     */
    record Row(String component, String worker, String kind, String instances) {
        boolean onDemand() {
            return instances.startsWith("on demand");
        }
    }

    @Test
    void theInventoryMatchesTheLiveRegistry(@TempDir Path directory) throws IOException {
        Map<String, Row> documented = readInventory();
        try (RunningKeel keel = RunningKeel.start(directory, POOL_SIZES);
                Socket syslogConnection = new Socket(InetAddress.getLoopbackAddress(), keel.ingest().syslogTcpPort())) {
            // One connection, so the per-connection worker is live too.
            await().atMost(Duration.ofSeconds(30)).until(() -> WorkerRegistry.shared().snapshot("ingest").stream()
                    .anyMatch(w -> w.name().equals("syslog-tcp-connection")));
            Map<String, List<WorkerInfo>> live = COMPONENTS.stream()
                    .flatMap(component -> WorkerRegistry.shared().snapshot(component).stream())
                    .collect(Collectors.groupingBy(w -> w.component() + "/" + w.name(), LinkedHashMap::new,
                            Collectors.toList()));

            assertThat(documented.keySet()).as("docs/workers.md lists every live worker")
                    .containsAll(live.keySet());
            live.forEach((key, workers) -> assertThat(workers).as(key + " kind")
                    .allMatch(w -> documented.get(key).kind().startsWith(w.kind().name().toLowerCase(Locale.ROOT))));
            for (Row row : documented.values()) {
                String key = row.component() + "/" + row.worker();
                if (row.onDemand()) {
                    continue;
                }
                assertThat(live).as("%s is documented as always running", key).containsKey(key);
                int expected = row.instances().equals("1")
                        ? 1 : keel.context().getEnvironment().getRequiredProperty(row.instances(), Integer.class);
                assertThat(live.get(key)).as("%s instances (%s)", key, row.instances()).hasSize(expected);
            }
        }
    }

    private static Map<String, Row> readInventory() throws IOException {
        Map<String, Row> rows = new LinkedHashMap<>();
        for (String line : Files.readAllLines(DOCUMENT)) {
            String[] cells = line.split("\\|");
            if (cells.length < 5 || !COMPONENTS.contains(cells[1].strip())) {
                continue;
            }
            Row row = new Row(cells[1].strip(), unquote(cells[2]), cells[3].strip(), unquote(cells[4]));
            rows.put(row.component() + "/" + row.worker(), row);
        }
        assertThat(rows).as("the inventory table in " + DOCUMENT).isNotEmpty();
        return rows;
    }

    private static String unquote(String cell) {
        return cell.strip().replace("`", "");
    }
}
