package dev.keel.detect.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.detect.rule.FieldRef;
import dev.keel.detect.rule.LogSource;
import dev.keel.storage.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappingFileTest {

    private static final Duration REGEX_TIMEOUT = Duration.ofMillis(100);

    @TempDir
    Path directory;

    @Test
    void everyShippedMappingLoads() {
        FieldMappings shipped = FieldMappings.load(FieldMappings.SHIPPED, REGEX_TIMEOUT);

        assertThat(shipped.steps()).extracting(MappingStep::name).contains("winlogbeat/event data", "nxlog/header",
                "windows/service by channel", "windows/Sysmon categories", "auditd/audit record",
                "syslog/linux programs");
    }

    @Test
    void reportsEveryProblemOfAFileAtOnceNamingItsStep() throws Exception {
        Path file = write("""
                name: mine
                steps:
                  - name: broken
                    when:
                      Channel|nosuch: x
                    fields:
                      Image: [[nested]]
                    logsource:
                      vendor: x
                  - name: idle
                  - fields: {A: b}
                """);

        assertThatThrownBy(() -> FieldMappings.load(List.of(file.toString()), REGEX_TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("field mapping " + file + ": 5 problems: ")
                .hasMessageContaining("step 'broken'.when: ")
                .hasMessageContaining("nosuch")
                .hasMessageContaining("step 'broken'.fields.Image must be a string or a list of strings")
                .hasMessageContaining("step 'broken'.logsource: unknown key 'vendor' (known: category, product, service)")
                .hasMessageContaining("step 'idle': does nothing (give audit-record, flatten, fields or logsource)")
                .hasMessageContaining("step 3: 'name' is missing");
    }

    @Test
    void refusesDuplicateKeysAndAnUnknownName() throws Exception {
        Path file = write("""
                name: mine
                steps:
                  - name: twice
                    fields: {A: b}
                    fields: {C: d}
                """);

        assertThatThrownBy(() -> FieldMappings.load(List.of(file.toString()), REGEX_TIMEOUT))
                .hasMessageContaining("invalid YAML").hasMessageContaining("fields");
        assertThatThrownBy(() -> FieldMappings.load(List.of("winlogbeats"), REGEX_TIMEOUT))
                .hasMessage("field mapping winlogbeats: neither a shipped mapping (winlogbeat, nxlog, windows, auditd,"
                        + " syslog) nor a readable file");
    }

    @Test
    void aFileOfOnesOwnReadsStructuredDataAndLooksUpItsLogSource() throws Exception {
        Path file = write("""
                name: firewall
                steps:
                  - name: fortigate traffic
                    when:
                      app_name: fortigate
                      structured_data.meta@32473.type: traffic
                    flatten: [structured_data.meta@32473]
                    fields:
                      DestinationIp: [dst_ip, dstip]
                    logsource:
                      product: fortinet
                      category:
                        field: subtype
                        values: {forward: firewall, LOCAL: [firewall, local]}
                        otherwise: traffic
                """);
        FieldMappings mine = FieldMappings.load(List.of(file.toString()), REGEX_TIMEOUT);
        MappingStep step = mine.steps().getFirst();

        Event forward = step.apply(syslog(Map.of("type", "traffic", "subtype", "forward", "dstip", "198.51.100.9")));
        Event local = step.apply(syslog(Map.of("type", "traffic", "subtype", "local")));
        Event other = step.apply(syslog(Map.of("type", "traffic", "subtype", "multicast")));
        Event event = syslog(Map.of("type", "event"));

        assertThat(LogSource.of(forward).display()).isEqualTo("product=fortinet category=firewall");
        assertThat(FieldRef.of("DestinationIp").text(forward)).isEqualTo("198.51.100.9");
        assertThat(FieldRef.of("subtype").text(forward)).isEqualTo("forward");
        assertThat(LogSource.of(local).display()).isEqualTo("product=fortinet category=firewall,local");
        assertThat(LogSource.of(other).display()).isEqualTo("product=fortinet category=traffic");
        assertThat(step.apply(event)).as("the step does not apply").isSameAs(event);
        assertThat(step.applied()).isEqualTo(3);
    }

    private static Event syslog(Map<String, Object> meta) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("app_name", "fortigate");
        attributes.put("structured_data", Map.of("meta@32473", meta));
        return new Event("e", 0, 0, "syslog", "fw1", null, null, null, null, "traffic", attributes);
    }

    private Path write(String text) throws Exception {
        Path file = directory.resolve("mine.yml");
        Files.writeString(file, text);
        return file;
    }
}
