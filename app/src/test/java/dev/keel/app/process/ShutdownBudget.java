package dev.keel.app.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.app.support.Http;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.io.ClassPathResource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How long a SIGTERM may take to end the process, computed from the configuration the child
 * really runs with: Spring first drains HTTP for at most one shutdown phase
 * ({@code spring.lifecycle.timeout-per-shutdown-phase}), then stops the components one phase
 * after another, each within its own stop timeout (read from {@code /actuator/workers}); the
 * slack covers stopping Tomcat, closing the context and the JVM's exit on a loaded 2-core
 * machine. It is a correctness bound (the process ends by itself, in finite time), not a speed
 * target: those belong to benchmarks.
 *
 * @param httpDrain the graceful HTTP drain's limit
 * @param componentStops each component's stop timeout, in start order
 * @param slack what the rest of the shutdown may take
 */
public record ShutdownBudget(Duration httpDrain, Map<String, Duration> componentStops, Duration slack) {

    static final String PHASE_TIMEOUT = "spring.lifecycle.timeout-per-shutdown-phase";

    /** Reads the stop timeouts from the running child and the phase timeout from {@code application.yml}. */
    public static ShutdownBudget of(KeelProcess keel, Http http, Duration slack)
            throws IOException, InterruptedException {
        var response = http.getAsOps(keel.managementUri("/actuator/workers"));
        assertThat(response.statusCode()).as("/actuator/workers").isEqualTo(200);
        Map<String, Duration> stops = new LinkedHashMap<>();
        for (JsonNode component : JsonMapper.builder().build().readTree(response.body()).path("components")) {
            stops.put(component.path("name").asString(), Duration.ofMillis(stopTimeoutMillis(component)));
        }
        return new ShutdownBudget(phaseTimeout(), stops, slack);
    }

    private static long stopTimeoutMillis(JsonNode component) {
        JsonNode millis = component.get("stop_timeout_ms");
        assertThat(millis).as("the stop timeout in %s", component).isNotNull();
        return millis.asLong();
    }

    /** The child is started without overriding it, so {@code application.yml} is its effective value. */
    private static Duration phaseTimeout() {
        YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new ClassPathResource("application.yml"));
        Properties properties = yaml.getObject();
        String value = properties == null ? null : properties.getProperty(PHASE_TIMEOUT);
        assertThat(value).as(PHASE_TIMEOUT + " in application.yml").isNotNull();
        return DurationStyle.detectAndParse(value);
    }

    public Duration total() {
        return componentStops.values().stream().reduce(httpDrain.plus(slack), Duration::plus);
    }

    @Override
    public String toString() {
        return total().toMillis() + " ms = HTTP drain " + httpDrain.toMillis() + " ms + component stop timeouts "
                + componentStops.entrySet().stream().map(stop -> stop.getKey() + " " + stop.getValue().toMillis() + " ms")
                        .toList()
                + " + slack " + slack.toMillis() + " ms";
    }
}
