package dev.keel.app.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Says loudly, at start and in health, when anyone who can reach the ingest port may post
 * events: it listens beyond loopback and no {@code keel.ingest.api-keys} are set. A warning, not
 * a refusal: a private network or a proxy in front may make that right.
 */
public final class OpenIngestWarning implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(OpenIngestWarning.class);

    private final String warning;

    /**
     * @param address {@code server.address}, empty for every interface
     * @param apiKeys how many ingest API keys are configured
     */
    public OpenIngestWarning(String address, int apiKeys) {
        this.warning = apiKeys == 0 && !loopback(address)
                ? "anyone who can reach the ingest port may post events (server.address="
                        + (address.isBlank() ? "every interface" : address)
                        + ") without an API key: set keel.ingest.api-keys, or bind server.address to 127.0.0.1"
                : null;
    }

    /** Logs the warning once, if there is one. */
    public void logAtStart() {
        if (warning != null) {
            log.warn("SECURITY: {}", warning);
        }
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up();
        return (warning == null ? health.withDetail("open", false)
                : health.withDetail("open", true).withDetail("warning", warning)).build();
    }

    private static boolean loopback(String address) {
        if (address.isBlank()) {
            return false;
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
