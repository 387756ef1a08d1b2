package dev.keel.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.app.support.RunningKeel;
import dev.keel.detect.DetectProperties;
import dev.keel.ingest.IngestProperties;
import dev.keel.lifecycle.testing.LeakCheck;
import dev.keel.storage.StorageProperties;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Configuration is validated at start, binds from environment variables, and is described for IDEs. */
class ConfigurationTest {

    @RegisterExtension
    LeakCheck leaks = LeakCheck.create().linger(Duration.ofSeconds(30));

    @TempDir
    Path directory;

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "keel.storage.batch-size, 0",
        "keel.storage.backend, cassandra",
        "keel.detect.matcher-threads, 0",
        "keel.ingest.syslog.port, 70000",
        "spring.lifecycle.timeout-per-shutdown-phase, 1s",
        "keel.ingest.http.max-events, 20000"})
    void aBadValueFailsStartUpNamingTheProperty(String property, String value) {
        assertThatThrownBy(() -> start(Map.of(property, value)))
                .satisfies(failure -> assertThat(causeChain(failure)).contains(property));
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void settingsThatConflictAreReportedAsWhatIsWrongAndWhatToDo(CapturedOutput output) {
        assertThatThrownBy(() -> start(Map.of("keel.detect.queue-capacity", "500")));

        assertThat(output).contains("APPLICATION FAILED TO START",
                "keel.ingest.http.max-events is 1000 but keel.detect.queue-capacity is 500",
                "Action:", "Lower keel.ingest.http.max-events to at most 500, or raise keel.detect.queue-capacity.");
    }

    @Test
    void environmentVariablesBindThroughRelaxedNames() {
        Map<String, Object> variables = Map.of(
                "KEEL_STORAGE_QUEUE_CAPACITY", "23456",
                "KEEL_DETECT_MATCHER_THREADS", "3",
                "KEEL_INGEST_SYSLOG_ENABLED", "false");
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("test-environment", variables));
        environment.getPropertySources().addFirst(new MapPropertySource("test-defaults", RunningKeel.defaults(directory)));
        try (var context = new SpringApplicationBuilder(KeelApplication.class).environment(environment).run()) {
            assertThat(context.getBean(StorageProperties.class).queueCapacity()).isEqualTo(23456);
            assertThat(context.getBean(DetectProperties.class).matcherThreads()).isEqualTo(3);
            assertThat(context.getBean(IngestProperties.class).syslog().enabled()).isFalse();
        }
    }

    @Test
    void everyModuleShipsIdeMetadataForItsProperties() throws IOException {
        Set<String> described = new HashSet<>();
        JsonMapper json = JsonMapper.builder().build();
        for (URL metadata : Collections.list(getClass().getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = metadata.openStream()) {
                for (JsonNode property : json.readTree(in).path("properties")) {
                    if (!property.path("description").asString("").isBlank()) {
                        described.add(property.path("name").asString());
                    }
                }
            }
        }
        assertThat(described).contains(
                "keel.storage.backend", "keel.storage.clickhouse.url", "keel.storage.batch-size",
                "keel.detect.rules-dir", "keel.detect.correlation.max-keys",
                "keel.ingest.api-keys", "keel.ingest.syslog.port", "keel.ingest.syslog.bind-address",
                "keel.management.password");
    }

    @Test
    void everyKeelPropertyIsDocumented() throws IOException {
        String documentation = java.nio.file.Files.readString(Path.of("..", "docs", "configuration.md"));
        Set<String> undocumented = new java.util.TreeSet<>();
        JsonMapper json = JsonMapper.builder().build();
        for (URL metadata : Collections.list(getClass().getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = metadata.openStream()) {
                for (JsonNode property : json.readTree(in).path("properties")) {
                    String name = property.path("name").asString();
                    if (name.startsWith("keel.") && !documentation.contains("`" + name + "`")) {
                        undocumented.add(name);
                    }
                }
            }
        }
        assertThat(undocumented).as("properties missing from docs/configuration.md").isEmpty();
    }

    private void start(Map<String, Object> overrides) {
        Map<String, Object> properties = new LinkedHashMap<>(overrides);
        RunningKeel.start(directory, properties).close();
    }

    private static String causeChain(Throwable failure) {
        StringBuilder messages = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        return messages.toString();
    }
}
