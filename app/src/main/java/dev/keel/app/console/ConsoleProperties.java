package dev.keel.app.console;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the console's history is kept.
 *
 * @param sampleInterval how often the flow is sampled (one point of every chart)
 * @param history how far back the history reaches; older samples are dropped
 */
@ConfigurationProperties("keel.console")
@Validated
public record ConsoleProperties(@DefaultValue("5s") @NotNull Duration sampleInterval,
        @DefaultValue("15m") @NotNull Duration history) {

    public ConsoleProperties {
        if (sampleInterval.compareTo(Duration.ofMillis(100)) < 0) {
            throw new IllegalArgumentException("keel.console.sample-interval must be at least 100ms, was "
                    + sampleInterval);
        }
        if (history.compareTo(sampleInterval) < 0 || history.dividedBy(sampleInterval) > 100_000) {
            throw new IllegalArgumentException("keel.console.history must hold 1 to 100000 samples of "
                    + sampleInterval + ", was " + history);
        }
    }

    /** How many samples the history holds. */
    public int samples() {
        return (int) history.dividedBy(sampleInterval);
    }
}
