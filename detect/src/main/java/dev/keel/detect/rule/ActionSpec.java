package dev.keel.detect.rule;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * What to do with a rule's alerts besides handing them to storage, from the rule's
 * {@code actions:} list (a Keel extension to Sigma).
 */
public sealed interface ActionSpec {

    /** A short name for logs and meter tags. */
    String type();

    /** {@code - type: log}: one log line with the alert's JSON on logger {@code dev.keel.detect.alerts}. */
    record Log() implements ActionSpec {
        @Override
        public String type() {
            return "log";
        }
    }

    /**
     * {@code - type: webhook, url: http://..., timeout: 2s}: HTTP POST of the alert's JSON.
     *
     * @param url absolute http or https URL
     * @param timeout the request timeout, or null for {@code keel.detect.actions.webhook-timeout}
     */
    record Webhook(URI url, Duration timeout) implements ActionSpec {

        public Webhook {
            Objects.requireNonNull(url, "url");
        }

        @Override
        public String type() {
            return "webhook";
        }

        /** The breaker key: every URL on one scheme, host and port shares a circuit breaker. */
        public String target() {
            return url.getScheme() + "://" + url.getAuthority();
        }
    }
}
