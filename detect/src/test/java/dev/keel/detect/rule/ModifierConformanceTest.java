package dev.keel.detect.rule;

import static dev.keel.detect.TestEvents.event;
import static dev.keel.detect.TestEvents.withTime;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.storage.Event;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Conformance with the modifiers of the Sigma specification 2.x (appendix "Modifiers"), written
 * from the specification and pySigma's documented behaviour: for each modifier, events that must
 * match and events that must not. Where SigmaHQ's own rules spell out what a modifier produces
 * (the UTF-16 base64 offsets of {@code ::FromBase64String}), that is the oracle.
 */
class ModifierConformanceTest {

    private static final long DECEMBER_7_2026_23_15_UTC = Instant.parse("2026-12-07T23:15:00Z").toEpochMilli();

    @TempDir
    Path dir;

    private RuleFixture rules;

    @BeforeEach
    void setUp() {
        rules = new RuleFixture(dir, Map.of("admins", List.of("alice", "bob*")));
    }

    private boolean matches(String selection, Event event) {
        DetectionRule rule = rules.detection("s:\n" + selection.stripIndent().indent(4) + "condition: s\n");
        return RuleFixture.matches(rule, rules.load().rules(), event);
    }

    private static Event commandLine(String value) {
        return event("u", "exec", "m", "CommandLine", value);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void windashTakesEachSwitchCharacterAsAnyOfTheFiveDashes() {
        String rule = "CommandLine|windash|contains: ' -enc '";
        for (String dash : List.of("-", "/", "\u2013", "\u2014", "\u2015")) {
            assertThat(matches(rule, commandLine("powershell " + dash + "enc ZQBjAGgAbwA="))).as(dash).isTrue();
        }
        assertThat(matches(rule, commandLine("powershell +enc ZQBjAGgAbwA="))).isFalse();
        assertThat(matches("CommandLine|windash: 'a-b /c'", commandLine("a-b -c")))
                .as("only a switch (a dash after a non-word character) varies").isTrue();
        assertThat(matches("CommandLine|windash: 'a-b /c'", commandLine("a/b /c"))).isFalse();
        assertThat(matches("CommandLine|windash|contains|all: [' -w hidden', ' -nop']",
                commandLine("powershell /nop \u2013w hidden"))).as("all: every value, each in any variant").isTrue();
    }

    @Test
    void base64MatchesTheEncodedValueOnly() {
        String rule = "CommandLine|base64|contains: 'http://'";
        assertThat(matches(rule, commandLine("echo " + base64("http://") + " | base64 -d"))).isTrue();
        assertThat(matches(rule, commandLine("curl http://example.org"))).isFalse();
    }

    @Test
    void base64offsetMatchesTheValueAtAnyOffsetOfALongerBase64Text() {
        String rule = "CommandLine|base64offset|contains: 'ping 10.0.0.1'";
        for (String before : List.of("", "a", "ab", "abc", "cmd /c ")) {
            for (String after : List.of("", "x", " -n 1")) {
                assertThat(matches(rule, commandLine("powershell -e " + base64(before + "ping 10.0.0.1" + after))))
                        .as("'%s' + value + '%s'", before, after).isTrue();
            }
        }
        assertThat(matches(rule, commandLine("powershell -e " + base64("ping 192.168.1.1")))).isFalse();
        assertThat(matches(rule, commandLine("ping 10.0.0.1"))).isFalse();
    }

    @Test
    void wideBase64offsetProducesWhatSigmaHqSpellsOutForFromBase64String() throws RuleException {
        // proc_creation_win_powershell_base64_frombase64string.yml lists these three by hand.
        List<String> sigmaHq = List.of("OgA6AEYAcgBvAG0AQgBhAHMAZQA2ADQAUwB0AHIAaQBuAGcA",
                "oAOgBGAHIAbwBtAEIAYQBzAGUANgA0AFMAdAByAGkAbgBnA", "6ADoARgByAG8AbQBCAGEAcwBlADYANABTAHQAcgBpAG4AZw");
        assertThat(ValueTransforms.apply(List.of(FieldKey.Modifier.WIDE, FieldKey.Modifier.BASE64OFFSET),
                "::FromBase64String", Placeholders.none(), "test")).containsExactlyElementsOf(sigmaHq);
        String rule = "CommandLine|wide|base64offset|contains: '::FromBase64String'";
        for (String encoded : sigmaHq) {
            assertThat(matches(rule, commandLine("powershell -enc AAAA" + encoded + "AAAA"))).isTrue();
        }
        assertThat(matches(rule, commandLine("powershell -enc " + base64("::FromBase64String")))).as("UTF-8, not UTF-16")
                .isFalse();
    }

    @Test
    void theUtf16EncodingsDifferInByteOrderAndMark() {
        assertThat(matches("CommandLine|wide|contains: 'cmd'", commandLine("x c\u0000m\u0000d\u0000 y"))).isTrue();
        assertThat(matches("CommandLine|wide|contains: 'cmd'", commandLine("cmd"))).isFalse();
        assertThat(matches("CommandLine|utf16le|base64: 'cmd'", commandLine("YwBtAGQA"))).isTrue();
        assertThat(matches("CommandLine|utf16be|base64: 'cmd'", commandLine("AGMAbQBk"))).isTrue();
        assertThat(matches("CommandLine|utf16be|base64: 'cmd'", commandLine("YwBtAGQA"))).isFalse();
        assertThat(matches("CommandLine|utf16|base64: 'cmd'", commandLine("//5jAG0AZAA="))).as("with the mark FF FE")
                .isTrue();
    }

    @Test
    void expandTakesEachConfiguredValueOfAPlaceholder() {
        String rule = "user|expand: '%admins%'";
        assertThat(matches(rule, event("alice", "login", "m"))).isTrue();
        assertThat(matches(rule, event("bobby", "login", "m"))).as("a configured value's wildcard").isTrue();
        assertThat(matches(rule, event("carol", "login", "m"))).isFalse();
        assertThat(matches("message|contains|expand: 'by %admins% from'", event("x", "a", "login by alice from 10.0.0.1")))
                .isTrue();
    }

    @Test
    void aPlaceholderWithoutValuesLoadsMatchesNothingAndIsNamed() {
        rules.write("site.yml", """
                title: site-specific
                id: site
                detection:
                    s:
                        host|expand: '%known_dcs%'
                    filter:
                        user: system
                    condition: not s and not filter
                """);
        RuleLoad load = rules.load();
        assertThat(load.errors()).isEmpty();
        assertThat(load.notices()).anySatisfy(notice -> assertThat(notice).contains("%known_dcs%")
                .contains("keel.detect.placeholders.known_dcs"));
        DetectionRule site = load.rules().detectionRules().getFirst();
        assertThat(RuleFixture.matches(site, load.rules(), event("alice", "a", "m"))).isTrue();
    }

    @Test
    void fieldrefComparesWithAnotherFieldOfTheSameEvent() {
        String rule = "Image|fieldref: ParentImage";
        assertThat(matches(rule, event("u", "a", "m", "Image", "C:\\x\\a.exe", "ParentImage", "c:\\X\\A.EXE"))).isTrue();
        assertThat(matches(rule, event("u", "a", "m", "Image", "C:\\x\\a.exe", "ParentImage", "C:\\x\\b.exe"))).isFalse();
        assertThat(matches(rule, event("u", "a", "m", "Image", "C:\\x\\a.exe"))).as("the other field is missing")
                .isFalse();
        assertThat(matches("Image|fieldref|endswith: OriginalName",
                event("u", "a", "m", "Image", "C:\\x\\a.exe", "OriginalName", "a.exe"))).isTrue();
        assertThat(matches("Image|fieldref|cased: ParentImage",
                event("u", "a", "m", "Image", "a.exe", "ParentImage", "A.exe"))).isFalse();
    }

    @Test
    void neqMatchesAPresentFieldThatEqualsNoneOfTheValues() {
        String rule = "user|neq: [alice, bob]";
        assertThat(matches(rule, event("carol", "a", "m"))).isTrue();
        assertThat(matches(rule, event("Alice", "a", "m"))).isFalse();
        assertThat(matches(rule, event("bob", "a", "m"))).isFalse();
        assertThat(matches(rule, event(null, "a", "m"))).as("a missing field is not unequal").isFalse();
        assertThat(matches("message|neq|contains: secret", event("x", "a", "nothing here"))).isTrue();
        assertThat(matches("message|neq|contains: secret", event("x", "a", "top secret"))).isFalse();
    }

    @Test
    void timePartsReadTheFieldsTimeInUtc() {
        Event late = withTime(event("u", "a", "m", "EventTime", "2026-12-07T08:30:00+02:00"), DECEMBER_7_2026_23_15_UTC);
        assertThat(matches("timestamp|minute: 15", late)).isTrue();
        assertThat(matches("timestamp|minute: 16", late)).isFalse();
        assertThat(matches("timestamp|hour: 23", late)).isTrue();
        assertThat(matches("timestamp|hour|gte: 22", late)).isTrue();
        assertThat(matches("timestamp|hour|lt: 6", late)).isFalse();
        assertThat(matches("timestamp|day: 7", late)).isTrue();
        assertThat(matches("timestamp|week: 50", late)).as("ISO week").isTrue();
        assertThat(matches("timestamp|month: 12", late)).isTrue();
        assertThat(matches("timestamp|year: [2025, 2026]", late)).isTrue();
        assertThat(matches("EventTime|hour: 6", late)).as("ISO text with an offset, in UTC").isTrue();
        assertThat(matches("EventTime|hour: 8", late)).isFalse();
        assertThat(matches("message|hour: 1", late)).as("not a time").isFalse();
    }

    @Test
    void theTypeModifiersOfTheSpecification() {
        Event event = event("Alice", "a", "Failed password for root", "count", 12, "ip", "10.1.2.3", "flag", "x");
        assertThat(matches("message|contains: 'PASSWORD FOR'", event)).isTrue();
        assertThat(matches("message|startswith: failed", event)).isTrue();
        assertThat(matches("message|endswith: root", event)).isTrue();
        assertThat(matches("message|contains|all: [failed, admin]", event)).isFalse();
        assertThat(matches("message|contains|cased: 'failed'", event)).isFalse();
        assertThat(matches("user|cased: Alice", event)).isTrue();
        assertThat(matches("flag|exists: true", event)).isTrue();
        assertThat(matches("other|exists: true", event)).isFalse();
        assertThat(matches("count|gt: 11", event)).isTrue();
        assertThat(matches("count|lte: 11", event)).isFalse();
        assertThat(matches("ip|cidr: 10.0.0.0/8", event)).isTrue();
        assertThat(matches("ip|cidr: 192.168.0.0/16", event)).isFalse();
        assertThat(matches("message|re: '^Failed'", event)).isTrue();
        assertThat(matches("message|re: '^failed'", event)).isFalse();
        assertThat(matches("message|re|i: '^failed'", event)).isTrue();
        assertThat(matches("message|re|s: 'password.for'", event("x", "a", "password\nfor"))).isTrue();
        assertThat(matches("message|re|m: '^for'", event("x", "a", "password\nfor"))).isTrue();
    }

    @Test
    void everyProblemInARuleFileIsReportedAtOnce() {
        rules.write("many.yml", """
                title: many problems
                level: severe
                detection:
                    a:
                        x|nosuch: 1
                        y|windash|re: 'z'
                    b:
                        z|base64|wide: q
                    condition: a and c
                """);
        String error = rules.load().errors().getFirst().message();
        assertThat(error).contains("5 problems").contains("unsupported level 'severe'")
                .contains("unsupported modifier 'nosuch'").contains("'windash' and 're' cannot be combined")
                .contains("'wide' must come before 'base64'").contains("condition 'a and c'");
        assertThat(error.split("; ")).hasSize(5);
    }

    @Test
    void aDuplicateKeyIsAnErrorNamingTheKey() {
        rules.write("twice.yml", """
                title: twice
                detection:
                    s:
                        CommandLine|contains: one
                        CommandLine|contains: two
                    condition: s
                """);
        assertThat(rules.load().errors()).singleElement().satisfies(error -> assertThat(error.message())
                .contains("duplicate key").contains("CommandLine|contains"));
    }
}
