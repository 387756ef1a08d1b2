package dev.keel.detect.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.detect.TestRules;
import dev.keel.detect.rule.CorrelationRule;
import dev.keel.detect.rule.RuleLoad;
import dev.keel.detect.rule.RuleRepository;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The temporal correlation types of the Sigma correlation specification, with explicit event
 * times: {@code temporal} (the rules matched within the timespan, in any order) and
 * {@code temporal_ordered} (in the order listed).
 */
class TemporalWindowsTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final long SECOND = 1000;
    private static final int A = 0;
    private static final int B = 1;
    private static final int C = 2;
    private static final GroupKey HOST = new GroupKey(List.of("host"), List.of("web1"));

    @TempDir
    Path dir;

    private CorrelationWindows windows(String type, String condition) throws Exception {
        for (String name : List.of("a", "b", "c")) {
            TestRules.write(dir, name + ".yml", """
                    title: recon %s
                    id: recon-%s
                    detection:
                        s:
                            action: %s
                        condition: s
                    """.formatted(name, name, name));
        }
        TestRules.write(dir, "corr.yml", """
                title: reconnaissance
                id: recon
                correlation:
                    type: %s
                    rules: [recon-a, recon-b, recon-c]
                    group-by: [host]
                    timespan: 1m
                %s
                """.formatted(type, condition.isEmpty() ? "" : "    condition:\n" + condition.indent(8)));
        RuleLoad load = new RuleRepository(dir, Duration.ofSeconds(1)).load();
        assertThat(load.errors()).isEmpty();
        CorrelationRule rule = load.rules().correlationRules().getFirst();
        return new CorrelationWindows(rule, 100, 10_000, () -> { });
    }

    private static CorrelationHit add(CorrelationWindows windows, int source, long time, String id) {
        List<CorrelationHit> hits = windows.add(HOST, source, time, id, null, T0);
        assertThat(hits).hasSizeLessThanOrEqualTo(1);
        return hits.isEmpty() ? null : hits.getFirst();
    }

    @Test
    void temporalFiresOnceEveryRuleMatchedWithinTheTimespanInAnyOrder() throws Exception {
        CorrelationWindows windows = windows("temporal", "");
        assertThat(add(windows, C, T0, "c1")).isNull();
        assertThat(add(windows, A, T0 + 10 * SECOND, "a1")).isNull();
        assertThat(add(windows, A, T0 + 20 * SECOND, "a2")).as("a second a is no new rule").isNull();
        CorrelationHit hit = add(windows, B, T0 + 30 * SECOND, "b1");
        assertThat(hit).isNotNull();
        assertThat(hit.count()).isEqualTo(3);
        assertThat(hit.eventIds()).as("the newest event of each rule, oldest first").containsExactly("c1", "a2", "b1");
        assertThat(hit.groupKey()).isEqualTo("host=web1");
        assertThat(add(windows, C, T0 + 31 * SECOND, "c2")).as("it starts afresh after firing").isNull();
        assertThat(windows.held()).isEqualTo(1);
    }

    @Test
    void temporalForgetsWhatFellOutOfTheTimespan() throws Exception {
        CorrelationWindows windows = windows("temporal", "");
        add(windows, A, T0, "a1");
        add(windows, B, T0 + 30 * SECOND, "b1");
        assertThat(add(windows, C, T0 + 61 * SECOND, "c1")).as("a1 is more than a minute before c1").isNull();
        assertThat(add(windows, A, T0 + 62 * SECOND, "a2")).isNotNull();
    }

    @Test
    void aTemporalConditionCountsDistinctRules() throws Exception {
        CorrelationWindows windows = windows("temporal", "gte: 2");
        assertThat(add(windows, A, T0, "a1")).isNull();
        assertThat(add(windows, A, T0 + SECOND, "a2")).isNull();
        CorrelationHit hit = add(windows, C, T0 + 2 * SECOND, "c1");
        assertThat(hit).isNotNull();
        assertThat(hit.count()).isEqualTo(2);
    }

    @Test
    void temporalOrderedNeedsTheRulesInTheOrderListed() throws Exception {
        CorrelationWindows windows = windows("temporal_ordered", "");
        assertThat(add(windows, B, T0, "b1")).as("b before any a starts nothing").isNull();
        assertThat(add(windows, A, T0 + SECOND, "a1")).isNull();
        assertThat(add(windows, C, T0 + 2 * SECOND, "c1")).as("c before b").isNull();
        assertThat(add(windows, B, T0 + 3 * SECOND, "b2")).isNull();
        CorrelationHit hit = add(windows, C, T0 + 4 * SECOND, "c2");
        assertThat(hit).isNotNull();
        assertThat(hit.eventIds()).containsExactly("a1", "b2", "c2");
        assertThat(windows.held()).as("afresh after firing").isZero();
    }

    @Test
    void temporalOrderedKeepsTheChainThatStartedLatestAndRespectsTheTimespan() throws Exception {
        CorrelationWindows windows = windows("temporal_ordered", "");
        add(windows, A, T0, "a1");
        add(windows, B, T0 + 10 * SECOND, "b1");
        add(windows, A, T0 + 50 * SECOND, "a2");
        assertThat(add(windows, C, T0 + 65 * SECOND, "c1")).as("a1..c1 spans more than a minute").isNull();
        add(windows, B, T0 + 66 * SECOND, "b2");
        assertThat(add(windows, C, T0 + 67 * SECOND, "c2")).isNotNull()
                .satisfies(hit -> assertThat(hit.eventIds()).containsExactly("a2", "b2", "c2"));
    }

    @Test
    void oneEventIsOneStepOfAnOrderedChain() throws Exception {
        CorrelationWindows windows = windows("temporal_ordered", "");
        add(windows, A, T0, "x");
        assertThat(add(windows, B, T0, "x")).isNull();
        assertThat(windows.held()).isEqualTo(1);
    }
}
