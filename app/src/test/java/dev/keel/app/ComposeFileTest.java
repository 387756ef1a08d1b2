package dev.keel.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * What {@code docker compose up} promises but no Docker engine can show here: every service comes
 * back after a crash or an out-of-memory exit, Keel waits for ClickHouse's real server, and every
 * file the services mount exists (Docker would silently mount an empty directory instead).
 * {@code .ci/run} checks the file's syntax with {@code docker-compose config}.
 */
class ComposeFileTest {

    private static final Path ROOT = Path.of("..");

    @Test
    void everyServiceRestartsKeelWaitsForTheRealServerAndEveryMountedFileExists() throws IOException {
        Map<String, Map<String, Object>> services = services();
        assertThat(services).containsKeys("clickhouse", "keel", "prometheus", "grafana");
        services.forEach((name, service) ->
                assertThat(service.get("restart")).as("%s's restart policy", name).isEqualTo("unless-stopped"));

        assertThat(services.get("keel").get("depends_on")).as("keel waits for a healthy ClickHouse")
                .isEqualTo(Map.of("clickhouse", Map.of("condition", "service_healthy")));
        @SuppressWarnings("unchecked")
        List<String> probe = (List<String>) ((Map<String, Object>) services.get("clickhouse").get("healthcheck"))
                .get("test");
        assertThat(String.join(" ", probe)).as("the probe asks the container's own address, where the "
                + "first-start init server (on 127.0.0.1 only) does not listen").contains("--host \"$$(hostname -i");

        assertThat(Files.readString(ROOT.resolve("Dockerfile")))
                .as("an out-of-memory JVM exits, so that the restart policy brings it back")
                .contains("-XX:+ExitOnOutOfMemoryError");

        services.forEach((name, service) -> {
            @SuppressWarnings("unchecked")
            List<String> volumes = (List<String>) service.getOrDefault("volumes", List.of());
            volumes.stream().filter(volume -> volume.startsWith("./")).forEach(volume ->
                    assertThat(ROOT.resolve(volume.substring(0, volume.indexOf(':')))).as("%s mounts", name).exists());
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> services() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
        return (Map<String, Map<String, Object>>) compose.get("services");
    }
}
