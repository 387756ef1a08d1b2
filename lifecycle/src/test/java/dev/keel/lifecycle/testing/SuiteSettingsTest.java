package dev.keel.lifecycle.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The build's JUnit settings that keep a hang from stalling CI. They live in the parent POM's
 * Surefire configuration, so this test passes under Maven only, not in an IDE's own runner.
 */
class SuiteSettingsTest {

    @RegisterExtension
    final Settings settings = new Settings();

    @Test
    void everyTestAndLifecycleMethodHasADefaultTimeout() {
        assertThat(settings.get("junit.jupiter.execution.timeout.default")).hasValue("5 m");
    }

    @Test
    void aTimeoutDumpsEveryThreadsStack() {
        assertThat(settings.get("junit.jupiter.execution.timeout.threaddump.enabled")).hasValue("true");
    }

    /** Reads JUnit's configuration parameters as the engine sees them. */
    static final class Settings implements BeforeEachCallback {
        private ExtensionContext context;

        @Override
        public void beforeEach(ExtensionContext context) {
            this.context = context;
        }

        Optional<String> get(String key) {
            return context.getConfigurationParameter(key);
        }
    }
}
