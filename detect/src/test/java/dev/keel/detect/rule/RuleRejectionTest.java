package dev.keel.detect.rule;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Anything outside the subset is rejected at load, with the file and the construct named. */
class RuleRejectionTest {

    @TempDir
    Path dir;

    private RuleFixture rules;

    @BeforeEach
    void setUp() {
        rules = new RuleFixture(dir);
        rules.write("good.yml", """
                title: good
                id: good
                detection:
                    s:
                        user: alice
                    condition: s
                """);
        assertThat(rules.load().errors()).isEmpty();
    }

    @Test
    void unsupportedModifiersAreNamed() {
        assertThat(rules.rejection("""
                s:
                    CommandLine|contains|dashes: '-enc'
                condition: s
                """)).contains("bad-1.yml").contains("unsupported modifier 'dashes'").contains("CommandLine|contains|dashes");
        assertThat(rules.rejection("""
                s:
                    a|base64|contains: 'x*y'
                condition: s
                """)).contains("'x*y' has wildcards, which 'base64' cannot encode");
        assertThat(rules.rejection("""
                s:
                    a|hour|contains: 3
                condition: s
                """)).contains("'hour' takes whole numbers");
        assertThat(rules.rejection("""
                s:
                    a|fieldref|re: b
                condition: s
                """)).contains("'fieldref' compares with another field");
        assertThat(rules.rejection("""
                s:
                    a|i: b
                condition: s
                """)).contains("'i' is only valid after 're'");
        assertThat(rules.rejection("""
                s:
                    a|contains|startswith: b
                condition: s
                """)).contains("'contains' and 'startswith' cannot be combined");
    }

    @Test
    void badValuesAreNamed() {
        assertThat(rules.rejection("""
                s:
                    ip|cidr: 10.0.0.0/40
                condition: s
                """)).contains("detection.s.ip|cidr").contains("invalid prefix length");
        assertThat(rules.rejection("""
                s:
                    message|re: '(unclosed'
                condition: s
                """)).contains("invalid regular expression '(unclosed'");
        assertThat(rules.rejection("""
                s:
                    bytes|gt: lots
                condition: s
                """)).contains("'gt' needs a number");
        assertThat(rules.rejection("""
                s:
                    seen|exists: maybe
                condition: s
                """)).contains("'exists' needs true or false");
    }

    @Test
    void unsupportedConditionsAreNamed() {
        assertThat(rules.rejection("""
                s:
                    a: b
                condition: s | count() by user > 5
                """)).contains("aggregation expressions");
        assertThat(rules.rejection("""
                s:
                    a: b
                t:
                    a: c
                condition: s near t
                """)).contains("'near' is unsupported");
        assertThat(rules.rejection("""
                s1:
                    a: b
                s2:
                    a: c
                condition: 2 of s*
                """)).contains("unsupported quantifier '2 of'");
        assertThat(rules.rejection("""
                s:
                    a: b
                condition: s and missing
                """)).contains("no selection named 'missing'");
        assertThat(rules.rejection("""
                s:
                    a: b
                condition: 1 of filter*
                """)).contains("'1 of filter*' matches no selection");
        assertThat(rules.rejection("""
                s:
                    a: b
                condition: (s
                """)).contains("missing ')'");
    }

    @Test
    void unsupportedCorrelationsAreNamed() {
        rules.write("temporal.yml", """
                title: temporal
                correlation:
                    type: temporal
                    rules: [good]
                    timespan: 5m
                """);
        rules.write("ordered.yml", """
                title: ordered in part
                correlation:
                    type: temporal_ordered
                    rules: [good, good-too]
                    timespan: 5m
                    condition:
                        gte: 1
                """);
        rules.write("sum.yml", """
                title: percentile
                correlation:
                    type: value_percentile
                    rules: [good]
                    timespan: 5m
                    condition:
                        field: bytes
                        gte: 2
                """);
        rules.write("aliases.yml", """
                title: aliases
                correlation:
                    type: event_count
                    rules: [good]
                    group-by: [ip]
                    timespan: 5m
                    aliases:
                        ip:
                            good: src_ip
                            stranger: dst_ip
                    condition:
                        gte: 2
                """);
        rules.write("unknown-ref.yml", """
                title: unknown ref
                correlation:
                    type: event_count
                    rules: [nope]
                    timespan: 5m
                    condition:
                        gte: 2
                """);
        rules.write("chain.yml", """
                title: base count
                id: base-count
                correlation:
                    type: event_count
                    rules: [good]
                    timespan: 5m
                    condition:
                        gte: 2
                ---
                title: distinct over a correlation
                correlation:
                    type: value_count
                    rules: [base-count]
                    timespan: 1h
                    condition:
                        field: user
                        gte: 2
                ---
                title: ping
                id: ping
                correlation:
                    type: event_count
                    rules: [pong]
                    timespan: 1h
                    condition:
                        gte: 2
                ---
                title: pong
                id: pong
                correlation:
                    type: event_count
                    rules: [ping]
                    timespan: 1h
                    condition:
                        gte: 2
                """);
        rules.write("timespan.yml", """
                title: timespan
                correlation:
                    type: event_count
                    rules: [good]
                    timespan: 5 minutes
                    condition:
                        gte: 2
                """);
        rules.write("neq.yml", """
                title: neq
                correlation:
                    type: value_count
                    rules: [good]
                    timespan: 5m
                    condition:
                        field: user
                        neq: 2
                """);

        RuleLoad load = rules.load();

        assertThat(load.errors()).extracting(RuleLoadError::toString).anySatisfy(e -> assertThat(e)
                .contains("temporal.yml").contains("temporal correlates at least two rules"));
        assertThat(load.errors()).extracting(RuleLoadError::toString).anySatisfy(e -> assertThat(e)
                .contains("ordered.yml").contains("temporal_ordered needs every rule in order"));
        assertThat(load.errors()).extracting(RuleLoadError::toString).anySatisfy(e -> assertThat(e)
                .contains("sum.yml").contains("value_percentile needs correlation.condition.percentile"));
        assertThat(load.errors()).extracting(RuleLoadError::toString).anySatisfy(e -> assertThat(e)
                .contains("aliases.yml").contains("correlation.aliases names 'stranger', not among its rules"));
        assertThat(load.errors()).extracting(RuleLoadError::toString).anySatisfy(e -> assertThat(e)
                .contains("unknown-ref.yml").contains("refers to unknown rule 'nope'"));
        assertThat(load.errors()).extracting(RuleLoadError::toString).anySatisfy(e -> assertThat(e)
                .contains("chain.yml").contains("counts the values of user in the alerts of correlation 'base-count'"));
        assertThat(load.errors()).extracting(RuleLoadError::toString).anySatisfy(e -> assertThat(e)
                .contains("chain.yml").contains("is part of a cycle of correlations (ping -> pong -> ping)"));
        assertThat(load.errors()).extracting(RuleLoadError::toString).anySatisfy(e -> assertThat(e)
                .contains("chain.yml").contains("correlation 'pong' refers to correlation 'ping', which was skipped"));
        assertThat(load.errors()).extracting(RuleLoadError::toString).anySatisfy(e -> assertThat(e)
                .contains("timespan.yml").contains("timespan '5 minutes'"));
        assertThat(load.errors()).extracting(RuleLoadError::toString).anySatisfy(e -> assertThat(e)
                .contains("neq.yml").contains("unsupported correlation condition 'neq'"));
        assertThat(load.rules().detectionRules()).extracting(DetectionRule::id).containsExactly("good");
        assertThat(load.rules().correlationRules()).extracting(CorrelationRule::id).containsExactly("base-count");
    }

    @Test
    void brokenYamlDuplicateIdsAndBadActionsAreNamedAndTheRuleAlreadyActiveKeepsItsId() {
        rules.write("syntax.yml", "title: broken\ndetection: [unclosed\n");
        rules.write("dup.yml", """
                title: duplicate
                id: good
                detection:
                    s:
                        user: bob
                    condition: s
                """);
        rules.write("action.yml", """
                title: bad action
                detection:
                    s:
                        user: bob
                    condition: s
                actions:
                    - type: webhook
                      url: ftp://example.org/hook
                """);
        rules.write("filter.yml", """
                title: a sigma filter
                filter:
                    rules: [good]
                """);

        RuleLoad load = rules.load();

        assertThat(load.errors()).extracting(RuleLoadError::toString).anySatisfy(e -> assertThat(e)
                .contains("syntax.yml").contains("invalid YAML"));
        assertThat(load.errors()).extracting(RuleLoadError::toString).anySatisfy(e -> assertThat(e)
                .contains("dup.yml").contains("duplicate id 'good'").contains("good.yml"));
        assertThat(load.errors()).extracting(RuleLoadError::toString).anySatisfy(e -> assertThat(e)
                .contains("action.yml").contains("must be an absolute http(s) URL"));
        assertThat(load.errors()).extracting(RuleLoadError::toString).anySatisfy(e -> assertThat(e)
                .contains("filter.yml").contains("Sigma filter rules"));
        assertThat(load.rules().detectionRules()).extracting(DetectionRule::title).containsExactly("good");
    }

    @Test
    void aBrokenEditKeepsTheLastGoodVersionOfThatFile() {
        rules.write("edited.yml", """
                title: edited v1
                id: edited
                detection:
                    s:
                        user: carol
                    condition: s
                """);
        assertThat(rules.load().errors()).isEmpty();

        Path edited = rules.write("edited.yml", """
                title: edited v2
                id: edited
                detection:
                    s:
                        user|nosuch: carol
                    condition: s
                """);
        RuleLoad load = rules.load();

        assertThat(load.errors()).singleElement().satisfies(e -> assertThat(e.message()).contains("nosuch"));
        assertThat(load.keptPrevious()).containsExactly(edited);
        assertThat(load.rules().detectionRules()).extracting(DetectionRule::title).contains("edited v1", "good");
    }

    @Test
    void idlessRulesGetStableIdsFromTheirFile() {
        rules.write("sub/no-id.yml", """
                title: no id
                detection:
                    s:
                        user: dave
                    condition: s
                """);
        assertThat(rules.load().rules().detectionRules()).extracting(DetectionRule::id).contains("sub/no-id");
    }
}
