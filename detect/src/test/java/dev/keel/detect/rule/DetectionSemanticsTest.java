package dev.keel.detect.rule;

import static dev.keel.detect.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.storage.Event;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The supported Sigma subset: what each construct matches and what it does not. */
class DetectionSemanticsTest {

    @TempDir
    Path dir;

    private RuleFixture rules;

    @BeforeEach
    void setUp() {
        rules = new RuleFixture(dir);
    }

    private boolean matches(String detection, Event event) {
        DetectionRule rule = rules.detection(detection);
        return RuleFixture.matches(rule, rules.load().rules(), event);
    }

    @Test
    void plainValuesMatchWholeValuesCaseInsensitively() {
        String rule = """
                selection:
                    action: LOGIN_FAILED
                condition: selection
                """;
        assertThat(matches(rule, event("bob", "login_failed", "m"))).isTrue();
        assertThat(matches(rule, event("bob", "login_failed_twice", "m"))).isFalse();
    }

    @Test
    void aMapIsAndAndAListOfValuesIsOr() {
        String rule = """
                selection:
                    action: [login, logout]
                    user: alice
                condition: selection
                """;
        assertThat(matches(rule, event("alice", "logout", "m"))).isTrue();
        assertThat(matches(rule, event("bob", "logout", "m"))).isFalse();
        assertThat(matches(rule, event("alice", "view", "m"))).isFalse();
    }

    @Test
    void aListOfMapsIsOrOverTheMaps() {
        String rule = """
                selection:
                    - user: alice
                      action: login
                    - user: bob
                condition: selection
                """;
        assertThat(matches(rule, event("alice", "login", "m"))).isTrue();
        assertThat(matches(rule, event("bob", "anything", "m"))).isTrue();
        assertThat(matches(rule, event("alice", "logout", "m"))).isFalse();
    }

    @Test
    void containsStartswithEndswithAndAll() {
        assertThat(matches("""
                s:
                    message|contains: Failed Password
                condition: s
                """, event("u", "a", "sshd: failed password for root"))).isTrue();
        assertThat(matches("""
                s:
                    message|startswith: sshd
                condition: s
                """, event("u", "a", "SSHD: hello"))).isTrue();
        assertThat(matches("""
                s:
                    message|endswith: '.EXE'
                condition: s
                """, event("u", "a", "c:\\tools\\evil.exe"))).isTrue();
        String all = """
                s:
                    message|contains|all: [wget, chmod]
                condition: s
                """;
        assertThat(matches(all, event("u", "a", "wget x; chmod +x x"))).isTrue();
        assertThat(matches(all, event("u", "a", "wget x"))).isFalse();
    }

    @Test
    void wildcardsAndTheirEscapes() {
        String rule = """
                s:
                    message: 'prog?.exe*'
                condition: s
                """;
        assertThat(matches(rule, event("u", "a", "progA.exe --flag"))).isTrue();
        assertThat(matches(rule, event("u", "a", "prog.exe"))).isFalse();
        String escaped = """
                s:
                    message: 'literal\\*star'
                condition: s
                """;
        assertThat(matches(escaped, event("u", "a", "literal*star"))).isTrue();
        assertThat(matches(escaped, event("u", "a", "literalXstar"))).isFalse();
        String backslash = """
                s:
                    message|endswith: '\\whoami.exe'
                condition: s
                """;
        assertThat(matches(backslash, event("u", "a", "C:\\Windows\\System32\\whoami.exe"))).isTrue();
    }

    @Test
    void casedMakesStringsCaseSensitive() {
        String rule = """
                s:
                    message|contains|cased: Secret
                condition: s
                """;
        assertThat(matches(rule, event("u", "a", "a Secret here"))).isTrue();
        assertThat(matches(rule, event("u", "a", "a secret here"))).isFalse();
    }

    @Test
    void regularExpressionsAreFoundAnywhereAndCaseSensitiveUnlessI() {
        String sensitive = """
                s:
                    message|re: 'user=[a-z]+ failed'
                condition: s
                """;
        assertThat(matches(sensitive, event("u", "a", "pam: user=root failed twice"))).isTrue();
        assertThat(matches(sensitive, event("u", "a", "pam: USER=root FAILED"))).isFalse();
        String insensitive = """
                s:
                    message|re|i: 'user=[a-z]+ failed'
                condition: s
                """;
        assertThat(matches(insensitive, event("u", "a", "pam: USER=ROOT FAILED"))).isTrue();
    }

    @Test
    void cidrMatchesIpv4AndIpv6AndNeverResolvesNames() {
        String rule = """
                s:
                    client_ip|cidr: ['10.0.0.0/8', 'fc00::/7']
                condition: s
                """;
        assertThat(matches(rule, event("u", "a", "m", "client_ip", "10.20.30.40"))).isTrue();
        assertThat(matches(rule, event("u", "a", "m", "client_ip", "fd12:3456::1"))).isTrue();
        assertThat(matches(rule, event("u", "a", "m", "client_ip", "11.0.0.1"))).isFalse();
        assertThat(matches(rule, event("u", "a", "m", "client_ip", "localhost"))).isFalse();
        assertThat(matches(rule, event("u", "a", "m", "client_ip", "2001:db8::1"))).isFalse();

        String mapped = """
                s:
                    client_ip|cidr: '::ffff:0:0/96'
                condition: s
                """;
        assertThat(matches(mapped, event("u", "a", "m", "client_ip", "::ffff:10.1.2.3"))).isTrue();
        assertThat(matches(mapped, event("u", "a", "m", "client_ip", "2001:db8::1"))).isFalse();
    }

    @Test
    void numericComparisonsReadNumbersAndNumericText() {
        String rule = """
                s:
                    bytes|gte: 1000
                    bytes|lt: 5000
                condition: s
                """;
        assertThat(matches(rule, event("u", "a", "m", "bytes", 1000))).isTrue();
        assertThat(matches(rule, event("u", "a", "m", "bytes", "4999.5"))).isTrue();
        assertThat(matches(rule, event("u", "a", "m", "bytes", 5000L))).isFalse();
        assertThat(matches(rule, event("u", "a", "m", "bytes", "lots"))).isFalse();
        assertThat(matches(rule, event("u", "a", "m"))).isFalse();
    }

    @Test
    void numbersEqualAsNumbersOrAsText() {
        String rule = """
                s:
                    EventID: 4625
                condition: s
                """;
        assertThat(matches(rule, event("u", "a", "m", "EventID", 4625L))).isTrue();
        assertThat(matches(rule, event("u", "a", "m", "EventID", 4625.0))).isTrue();
        assertThat(matches(rule, event("u", "a", "m", "EventID", "4625"))).isTrue();
        assertThat(matches(rule, event("u", "a", "m", "EventID", 4624))).isFalse();
    }

    @Test
    void existsNullAndEmptyValues() {
        String exists = """
                s:
                    ticket|exists: true
                condition: s
                """;
        assertThat(matches(exists, event("u", "a", "m", "ticket", ""))).isTrue();
        assertThat(matches(exists, event("u", "a", "m"))).isFalse();
        String absent = """
                s:
                    ticket: null
                condition: s
                """;
        assertThat(matches(absent, event("u", "a", "m"))).isTrue();
        assertThat(matches(absent, event("u", "a", "m", "ticket", "x"))).isFalse();
        String empty = """
                s:
                    ticket: ''
                condition: s
                """;
        assertThat(matches(empty, event("u", "a", "m", "ticket", ""))).isTrue();
        assertThat(matches(empty, event("u", "a", "m", "ticket", "x"))).isFalse();
    }

    @Test
    void dottedPathsReachIntoNestedAttributesAndFlatDottedKeysWin() {
        String rule = """
                s:
                    http.response.status: 500
                condition: s
                """;
        assertThat(matches(rule, event("u", "a", "m", "http", Map.of("response", Map.of("status", 500))))).isTrue();
        assertThat(matches(rule, event("u", "a", "m", "http.response", Map.of("status", 500)))).isTrue();
        assertThat(matches(rule, event("u", "a", "m", "http.response.status", "500"))).isTrue();
        assertThat(matches(rule, event("u", "a", "m", "http", Map.of("response", Map.of("status", 200))))).isFalse();
    }

    @Test
    void listValuedFieldsMatchWhenAnyElementDoes() {
        String rule = """
                s:
                    tags|contains: admin
                condition: s
                """;
        assertThat(matches(rule, event("u", "a", "m", "tags", List.of("web", "super-admin")))).isTrue();
        assertThat(matches(rule, event("u", "a", "m", "tags", List.of("web")))).isFalse();
    }

    @Test
    void commonFieldsAreReachableByTheirJsonNames() {
        Event event = event("alice", "login", "hello");
        for (String field : List.of("user: alice", "action: login", "message: hello", "host: web1", "src_ip: 203.0.113.7",
                "srcIp: 203.0.113.7", "source: http", "severity: info", "event_id: " + event.eventId())) {
            assertThat(matches("s:\n    " + field + "\ncondition: s\n", event)).as(field).isTrue();
        }
    }

    @Test
    void keywordsSearchEveryValueOfTheEvent() {
        String rule = """
                keywords:
                    - 'import pty; pty.spawn*'
                    - 'evil.example'
                condition: keywords
                """;
        assertThat(matches(rule, event("u", "a", "python -c 'import pty; pty.spawn(\"/bin/sh\")'"))).isTrue();
        assertThat(matches(rule, event("u", "a", "m", "dns", Map.of("query", "EVIL.example.com")))).isTrue();
        assertThat(matches(rule, event("u", "a", "benign"))).isFalse();
    }

    @Test
    void keywordsWithAllNeedEveryOneSomewhereInTheEvent() {
        String rule = """
                keywords_cmdlet:
                    '|all':
                        - 'OabVirtualDirectory'
                        - ' -ExternalUrl '
                condition: keywords_cmdlet
                """;
        assertThat(matches(rule, event("u", "a", "Set-OabVirtualDirectory -ExternalUrl http://x"))).isTrue();
        assertThat(matches(rule, event("u", "a", "Set-OabVirtualDirectory", "args", " -ExternalUrl x"))).isTrue();
        assertThat(matches(rule, event("u", "a", "Set-OabVirtualDirectory"))).isFalse();
    }

    @Test
    void conditionsCombineWithAndOrNotParenthesesAndQuantifiers() {
        String rule = """
                sel_a:
                    user: alice
                sel_b:
                    action: login
                filter_x:
                    message|contains: test
                _private:
                    user: nobody
                condition: (1 of sel_*) and not filter_x
                """;
        assertThat(matches(rule, event("alice", "x", "real"))).isTrue();
        assertThat(matches(rule, event("bob", "login", "real"))).isTrue();
        assertThat(matches(rule, event("alice", "login", "a test"))).isFalse();
        assertThat(matches(rule, event("bob", "x", "real"))).isFalse();

        String allOfThem = """
                a:
                    user: alice
                b:
                    action: login
                _ignored:
                    user: nobody
                condition: all of them
                """;
        assertThat(matches(allOfThem, event("alice", "login", "m"))).isTrue();
        assertThat(matches(allOfThem, event("alice", "logout", "m"))).isFalse();

        String precedence = """
                a:
                    user: alice
                b:
                    action: login
                c:
                    message: m
                condition: a or b and not c
                """;
        assertThat(matches(precedence, event("alice", "x", "m"))).isTrue();
        assertThat(matches(precedence, event("bob", "login", "m"))).isFalse();
        assertThat(matches(precedence, event("bob", "login", "other"))).isTrue();
    }

    @Test
    void oneOfThemNeedsAnySelectionButThoseStartingWithAnUnderscore() {
        String rule = """
                a:
                    user: alice
                b:
                    action: login
                _helper:
                    message: m
                condition: 1 of them
                """;
        assertThat(matches(rule, event("alice", "x", "other"))).isTrue();
        assertThat(matches(rule, event("bob", "login", "other"))).isTrue();
        assertThat(matches(rule, event("bob", "x", "m"))).as("_helper is not one of them").isFalse();
    }

    @Test
    void aListOfConditionsIsOr() {
        String rule = """
                a:
                    user: alice
                b:
                    user: bob
                condition:
                    - a
                    - b
                """;
        assertThat(matches(rule, event("bob", "x", "m"))).isTrue();
        assertThat(matches(rule, event("carol", "x", "m"))).isFalse();
    }

    @Test
    void aPathologicalRegularExpressionFailsTheRuleInsteadOfHangingIt() {
        DetectionRule rule = rules.detection("""
                s:
                    message|re: '(.*){1,32000}[bc]'
                condition: s
                """);
        Event hostile = event("u", "a", "a".repeat(30));
        // Only the deadline throws this: the expression alone would backtrack for hours.
        assertThatThrownBy(() -> RuleFixture.matches(rule, rules.load().rules(), hostile))
                .isInstanceOf(RegexTimeoutException.class)
                .hasMessageContaining("(.*){1,32000}[bc]");
    }
}
