package dev.keel.detect.correlation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.keel.detect.TestRules;
import dev.keel.detect.rule.CorrelationRule;
import dev.keel.detect.rule.RuleLoad;
import dev.keel.detect.rule.RuleRepository;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The aggregate correlation types (rsigma's extension of the specification), with explicit event times. */
class AggregateWindowsTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final long SECOND = 1000;
    private static final GroupKey HOST = new GroupKey(List.of("host"), List.of("db1"));

    @TempDir
    Path dir;

    private int events;

    private CorrelationWindows windows(String type, String condition) throws Exception {
        TestRules.write(dir, "base.yml", """
                title: export
                id: export
                detection:
                    s:
                        action: export
                    condition: s
                """);
        TestRules.write(dir, "corr.yml", """
                title: large exports
                id: large-exports
                correlation:
                    type: %s
                    rules: [export]
                    group-by: [host]
                    timespan: 1m
                    condition:
                        field: bytes
                %s
                """.formatted(type, condition.indent(8)));
        RuleLoad load = new RuleRepository(dir, Duration.ofSeconds(1)).load();
        assertThat(load.errors()).isEmpty();
        CorrelationRule rule = load.rules().correlationRules().getFirst();
        return new CorrelationWindows(rule, 100, 10_000, () -> { });
    }

    private CorrelationHit add(CorrelationWindows windows, long time, String bytes) {
        List<CorrelationHit> hits = windows.add(HOST, 0, time, "e" + (++events), bytes, T0);
        assertThat(hits).hasSizeLessThanOrEqualTo(1);
        return hits.isEmpty() ? null : hits.getFirst();
    }

    @Test
    void valueSumFiresWhenTheSumWithinTheTimespanReachesTheBound() throws Exception {
        CorrelationWindows windows = windows("value_sum", "gte: 1000");
        assertThat(add(windows, T0, "400")).isNull();
        assertThat(add(windows, T0 + SECOND, "not a number")).as("not counted").isNull();
        assertThat(add(windows, T0 + 2 * SECOND, "500")).isNull();
        CorrelationHit hit = add(windows, T0 + 3 * SECOND, "100");
        assertThat(hit).isNotNull();
        assertThat(hit.aggregate()).isEqualTo(1000.0);
        assertThat(hit.count()).isEqualTo(3);
        assertThat(hit.eventIds()).containsExactly("e1", "e3", "e4");
        assertThat(add(windows, T0 + 70 * SECOND, "999")).as("afresh, and alone in its minute").isNull();
        assertThat(add(windows, T0 + 200 * SECOND, "600")).as("999 left the timespan").isNull();
    }

    @Test
    void valueAvgAndValueMedianAggregateTheWindowsValues() throws Exception {
        CorrelationWindows mean = windows("value_avg", "gt: 100");
        assertThat(add(mean, T0, "50")).isNull();
        assertThat(add(mean, T0 + SECOND, "140")).as("mean 95").isNull();
        assertThat(add(mean, T0 + 2 * SECOND, "120")).as("mean 103.3").isNotNull()
                .satisfies(hit -> assertThat(hit.aggregate()).isCloseTo(103.33, offset(0.01)));

        CorrelationWindows median = windows("value_median", "gte: 100");
        assertThat(add(median, T0, "10")).isNull();
        assertThat(add(median, T0 + SECOND, "1000")).as("median of 10, 1000 is 505").isNotNull()
                .satisfies(hit -> assertThat(hit.aggregate()).isEqualTo(505.0));
        assertThat(add(median, T0 + 2 * SECOND, "10")).isNull();
        assertThat(add(median, T0 + 3 * SECOND, "20")).isNull();
        assertThat(add(median, T0 + 4 * SECOND, "5000")).as("median of 10, 20, 5000 is 20").isNull();
    }

    @Test
    void valuePercentileUsesTheNearestRank() throws Exception {
        CorrelationWindows p90 = windows("value_percentile", "percentile: 90\ngte: 500");
        for (int i = 1; i <= 9; i++) {
            assertThat(add(p90, T0 + i, Integer.toString(i * 10))).as("p90 of 10..%d", i * 10).isNull();
        }
        assertThat(add(p90, T0 + 10, "5000")).as("p90 of ten values is the 9th: 90").isNull();
        CorrelationHit hit = add(p90, T0 + 11, "6000");
        assertThat(hit).as("the 10th of eleven: 5000").isNotNull();
        assertThat(hit.aggregate()).isEqualTo(5000.0);
    }

    @Test
    void anUpperBoundIsDecidedWhenTheWindowEnds() throws Exception {
        CorrelationWindows quiet = windows("value_sum", "lt: 100");
        assertThat(add(quiet, T0, "30")).as("the sum may still rise").isNull();
        assertThat(add(quiet, T0 + SECOND, "40")).isNull();
        CorrelationHit hit = add(quiet, T0 + 61 * SECOND, "500");
        assertThat(hit).as("ended by an event past its minute: 70 < 100").isNotNull();
        assertThat(hit.aggregate()).isEqualTo(70.0);
        assertThat(quiet.closeAll()).as("500 is not < 100").isEmpty();
    }
}
