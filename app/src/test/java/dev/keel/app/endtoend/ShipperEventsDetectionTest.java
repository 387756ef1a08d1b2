package dev.keel.app.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keel.app.support.Http;
import dev.keel.app.support.RunningKeel;
import dev.keel.detect.testing.SigmaRuleFiles;
import dev.keel.lifecycle.testing.LeakCheck;
import dev.keel.storage.Alert;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Events as Winlogbeat, NXLog, rsyslog and audisp-syslog send them (detect's mapping samples),
 * over real HTTP and a real syslog TCP connection, against rules written as SigmaHQ writes them:
 * scoped by log source, naming Sysmon's, Windows' and auditd's own fields. The shipped field
 * mappings must give every event its log source and fields, so that exactly the expected alerts
 * are raised and stored, and no rule fires on another log source's events.
 */
class ShipperEventsDetectionTest {

    private static final Path SAMPLES = Path.of("..", "detect", "src", "test", "resources", "mapping-samples");
    private static final Duration GENEROUS = Duration.ofSeconds(60);

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create().linger(Duration.ofSeconds(30));

    @Test
    void shippedMappingsLetSigmaStyleRulesSeeWhatEachShipperSends(@TempDir Path directory) throws Exception {
        writeRules(directory.resolve("rules"));
        int sent = 0;
        try (RunningKeel keel = RunningKeel.start(directory, Map.of(
                "keel.ingest.http.inputs.acme.logsource.product", "acme"));
                Http http = new Http()) {
            for (String sample : List.of("winlogbeat-sysmon", "winlogbeat-security", "nxlog-sysmon",
                    "nxlog-security")) {
                String body = Files.readString(SAMPLES.resolve(sample + ".ndjson"));
                assertThat(http.postNdjson(keel.uri("/api/v1/events/bulk"), body).statusCode()).as(sample)
                        .isEqualTo(202);
                sent += (int) body.lines().filter(line -> !line.isBlank()).count();
            }
            String custom = "{\"message\":\"custom appliance says hello\"}";
            assertThat(http.postNdjson(keel.uri("/api/v1/inputs/acme/events/bulk"), custom).statusCode())
                    .isEqualTo(202);
            assertThat(http.postNdjson(keel.uri("/api/v1/events/bulk"), custom).statusCode()).isEqualTo(202);
            assertThat(http.postNdjson(keel.uri("/api/v1/inputs/nosuch/events/bulk"), custom).statusCode())
                    .isEqualTo(404);
            sent += 2;
            List<String> syslog = Files.readAllLines(SAMPLES.resolve("syslog.log")).stream()
                    .filter(line -> !line.isBlank()).collect(Collectors.toList());
            // audisp-syslog forwards each audit record as the message of a syslog line.
            Files.readAllLines(SAMPLES.resolve("auditd.log")).stream().filter(line -> !line.isBlank())
                    .map(record -> "<14>Dec  8 10:15:02 ws02 audisp-syslog[1123]: " + record).forEach(syslog::add);
            sendOverTcp(keel.ingest().syslogTcpPort(), syslog);
            sent += syslog.size();

            int expected = sent;
            await("every event stored").atMost(GENEROUS)
                    .until(() -> keel.storage().counters().events().stored() == expected);
            Map<String, Long> wanted = new TreeMap<>(Map.ofEntries(
                    Map.entry("certutil-download", 4L), // Sysmon 1 and Security 4688, each from both shippers
                    Map.entry("run-key", 2L),
                    Map.entry("registry-event-temp", 2L),
                    Map.entry("startup-link", 2L),
                    Map.entry("user-created", 2L),
                    Map.entry("rdp-logon", 2L),
                    Map.entry("auditd-curl-download", 1L),
                    Map.entry("auditd-susp-key", 2L), // once in syslog.log, once among the audit records
                    Map.entry("auditd-hex-argument", 1L),
                    Map.entry("ssh-invalid-user", 1L),
                    Map.entry("sudo-shadow", 1L),
                    Map.entry("acme-custom", 1L)));
            await("the expected alerts").atMost(GENEROUS).untilAsserted(() -> assertThat(alertsPerRule(keel))
                    .as("no rule fired on another log source (zeek-not-rdp stays silent)").isEqualTo(wanted));
        }
    }

    private static Map<String, Long> alertsPerRule(RunningKeel keel) {
        return keel.storage().recentAlerts(1000).stream()
                .collect(Collectors.groupingBy(Alert::ruleId, TreeMap::new, Collectors.counting()));
    }

    private static void sendOverTcp(int port, List<String> lines) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port); OutputStream out = socket.getOutputStream()) {
            for (String line : lines) {
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            }
            out.flush();
        }
    }

    private static void writeRules(Path rules) throws IOException {
        Files.createDirectories(rules);
        SigmaRuleFiles.write(rules, "certutil-download", "windows", "process_creation", null, """
                    selection_img:
                        - Image|endswith: '\\certutil.exe'
                        - OriginalFileName: 'CertUtil.exe'
                    selection_cli:
                        CommandLine|contains|all: ['urlcache', 'http']
                    condition: all of selection_*""");
        SigmaRuleFiles.write(rules, "run-key", "windows", "registry_set", null, """
                    selection:
                        TargetObject|contains: '\\CurrentVersion\\Run\\'
                    condition: selection""");
        SigmaRuleFiles.write(rules, "registry-event-temp", "windows", "registry_event", null, """
                    selection:
                        Details|endswith: '\\Temp\\u.exe'
                    condition: selection""");
        SigmaRuleFiles.write(rules, "startup-link", "windows", "file_event", null, """
                    selection:
                        TargetFilename|contains: '\\Start Menu\\Programs\\Startup\\'
                    condition: selection""");
        SigmaRuleFiles.write(rules, "user-created", "windows", null, "security", """
                    selection:
                        EventID: 4720
                    condition: selection""");
        SigmaRuleFiles.write(rules, "rdp-logon", "windows", null, "security", """
                    selection:
                        EventID: 4624
                        LogonType: 10
                    condition: selection""");
        SigmaRuleFiles.write(rules, "auditd-curl-download", "linux", null, "auditd", """
                    selection:
                        type: EXECVE
                        a0: curl
                        a3|startswith: 'http://'
                    condition: selection""");
        SigmaRuleFiles.write(rules, "auditd-susp-key", "linux", null, "auditd", """
                    selection:
                        type: SYSCALL
                        key: susp_activity
                    condition: selection""");
        SigmaRuleFiles.write(rules, "auditd-hex-argument", "linux", null, "auditd", """
                    selection:
                        type: EXECVE
                        a2|contains: 'uname -a'
                    condition: selection""");
        SigmaRuleFiles.write(rules, "ssh-invalid-user", "linux", null, "sshd", """
                    keywords:
                        - 'Failed password for invalid user'
                    condition: keywords""");
        SigmaRuleFiles.write(rules, "sudo-shadow", "linux", null, "sudo", """
                    keywords:
                        - 'COMMAND=/usr/bin/cat /etc/shadow'
                    condition: keywords""");
        SigmaRuleFiles.write(rules, "acme-custom", "acme", null, null, """
                    selection:
                        message|contains: 'custom appliance'
                    condition: selection""");
        SigmaRuleFiles.write(rules, "zeek-not-rdp", "zeek", null, "rdp", """
                    selection:
                        cookie|exists: true
                    condition: not selection""");
    }
}
