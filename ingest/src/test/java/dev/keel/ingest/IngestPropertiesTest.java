package dev.keel.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.ingest.support.TestProperties;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

class IngestPropertiesTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(PropertiesOnly.class);

    @Test
    void defaultsAreTheDocumentedOnes() {
        IngestProperties defaults = IngestProperties.defaults();

        assertThat(defaults.apiKeys()).isEmpty();
        assertThat(defaults.retryAfter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(defaults.stopTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.http()).isEqualTo(new IngestProperties.Http(DataSize.ofMegabytes(5),
                DataSize.ofKilobytes(256), 16, 256, 1000, 32, 4, Duration.ofMillis(100), Duration.ofSeconds(30),
                DataSize.ofKilobytes(4), java.util.Map.of()));
        assertThat(defaults.syslog()).isEqualTo(new IngestProperties.Syslog(true, "127.0.0.1", 5514, 256,
                Duration.ofSeconds(60), DataSize.ofKilobytes(8), 2, 8192, 256, 16, java.util.List.of(), java.util.Map.of()));
    }

    @Test
    void bindsNamedInputsAndRefusesABadNameOrPart() {
        context.withPropertyValues("keel.ingest.http.inputs.sysmon.logsource.product=windows",
                "keel.ingest.http.inputs.sysmon.logsource.service=sysmon").run(ctx -> {
                    IngestProperties properties = ctx.getBean(IngestProperties.class);
                    assertThat(properties.http().inputs()).containsOnlyKeys("sysmon");
                    assertThat(properties.http().inputs().get("sysmon").logsource())
                            .isEqualTo(java.util.Map.of("product", "windows", "service", "sysmon"));
                });
        context.withPropertyValues("keel.ingest.http.inputs.sysmon.logsource.vendor=microsoft")
                .run(ctx -> assertThat(ctx).getFailure().rootCause().hasMessage(
                        "keel.ingest.http.inputs.sysmon.logsource.vendor is not a log source part (product, category,"
                                + " service)"));
        context.withPropertyValues("keel.ingest.http.inputs.[Sys Mon].logsource.product=windows")
                .run(ctx -> assertThat(ctx).getFailure().rootCause().hasMessageContaining(
                        "keel.ingest.http.inputs.Sys Mon: an input name is 1 to 64 lower-case letters"));
    }

    @Test
    void springBindsKebabCaseNamesAndLists() {
        context.withPropertyValues("keel.ingest.api-keys=k1,k2", "keel.ingest.http.max-body-size=1MB",
                "keel.ingest.syslog.bind-address=0.0.0.0", "keel.ingest.syslog.idle-timeout=2m")
                .run(ctx -> {
                    IngestProperties properties = ctx.getBean(IngestProperties.class);
                    assertThat(properties.apiKeys()).containsExactly("k1", "k2");
                    assertThat(properties.http().maxBodySize()).isEqualTo(DataSize.ofMegabytes(1));
                    assertThat(properties.syslog().bindAddress()).isEqualTo("0.0.0.0");
                    assertThat(properties.syslog().idleTimeout()).isEqualTo(Duration.ofMinutes(2));
                });
    }

    @Test
    void springRefusesValuesOutsideTheirConstraints() {
        context.withPropertyValues("keel.ingest.http.max-depth=0", "keel.ingest.syslog.port=70000")
                .run(ctx -> assertThat(ctx).hasFailed().getFailure().hasStackTraceContaining("maxDepth")
                        .hasStackTraceContaining("syslog.port"));
        context.withPropertyValues("keel.ingest.api-keys=ok, ")
                .run(ctx -> assertThat(ctx).hasFailed());
    }

    @Test
    void crossFieldAndUnitChecksNameTheProperty() {
        assertThatThrownBy(() -> TestProperties.of("http.max-event-size", "10MB"))
                .hasStackTraceContaining("keel.ingest.http.max-event-size (10485760B) must not exceed"
                        + " keel.ingest.http.max-body-size (5242880B)");
        assertThatThrownBy(() -> TestProperties.of("syslog.max-frame-size", "100B"))
                .hasStackTraceContaining("keel.ingest.syslog.max-frame-size must be between 480B");
        assertThatThrownBy(() -> TestProperties.of("retry-after", "0s"))
                .hasStackTraceContaining("keel.ingest.retry-after must be positive");
        assertThatThrownBy(() -> TestProperties.of("http.min-body-rate", "-1B"))
                .hasStackTraceContaining("keel.ingest.http.min-body-rate must not be negative");
    }

    @Test
    void theApiKeysNeverAppearInTheTextOfTheProperties() {
        IngestProperties properties = TestProperties.of("api-keys", "s3cret-one,s3cret-two");

        assertThat(properties.apiKeys()).containsExactly("s3cret-one", "s3cret-two");
        assertThat(properties.toString()).doesNotContain("s3cret").contains("apiKeys=2 masked")
                .contains("maxBodySize=5242880B");
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(IngestProperties.class)
    static class PropertiesOnly {}
}
