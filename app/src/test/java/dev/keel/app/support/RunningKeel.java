package dev.keel.app.support;

import dev.keel.app.KeelApplication;
import dev.keel.ingest.IngestComponent;
import dev.keel.storage.StorageComponent;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole application, started the way {@code main} starts it, on free ports and in a private
 * directory, and closed like a real shutdown. Tests use it instead of {@code @SpringBootTest}
 * because Spring's test context cache would keep contexts (and their threads) alive past the
 * test, where the leak check must see them gone.
 */
public final class RunningKeel implements AutoCloseable {

    public static final String OPS_USER = "ops";
    public static final String OPS_PASSWORD = "test-secret";

    private final ConfigurableApplicationContext context;

    private RunningKeel(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** Embedded storage under {@code directory}, ingest, management and syslog on free ports, management credentials set. */
    public static RunningKeel start(Path directory, Map<String, Object> overrides) {
        Map<String, Object> properties = new LinkedHashMap<>(defaults(directory));
        properties.putAll(overrides);
        // As command-line arguments, so they override application.yml as they would for a user.
        String[] arguments = properties.entrySet().stream()
                .map(property -> "--" + property.getKey() + "=" + property.getValue())
                .toArray(String[]::new);
        return new RunningKeel(new SpringApplicationBuilder(KeelApplication.class).run(arguments));
    }

    public static RunningKeel start(Path directory) {
        return start(directory, Map.of());
    }

    public static Map<String, Object> defaults(Path directory) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("server.port", "0");
        properties.put("management.server.port", "0");
        properties.put("keel.storage.data-dir", directory.resolve("data").toString());
        properties.put("keel.detect.rules-dir", directory.resolve("rules").toString());
        properties.put("keel.detect.rescue-dir", directory.resolve("detect-rescue").toString());
        properties.put("keel.ingest.syslog.port", "0");
        properties.put("keel.management.username", OPS_USER);
        properties.put("keel.management.password", OPS_PASSWORD);
        return properties;
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public int httpPort() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** On the ingest port: the events API and the read API. */
    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort() + path);
    }

    /** The management server's port (Actuator, the console), which Spring publishes once it listens. */
    public int managementPort() {
        return context.getEnvironment().getRequiredProperty("local.management.port", Integer.class);
    }

    /** On the management port: Actuator and the console. */
    public URI managementUri(String path) {
        return URI.create("http://127.0.0.1:" + managementPort() + path);
    }

    public IngestComponent ingest() {
        return bean(IngestComponent.class);
    }

    public StorageComponent storage() {
        return bean(StorageComponent.class);
    }

    @Override
    public void close() {
        context.close();
    }
}
