package dev.keel.detect.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.detect.TestRules;
import dev.keel.detect.rule.CorrelationRule;
import dev.keel.detect.rule.RuleLoad;
import dev.keel.detect.rule.RuleRepository;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Window semantics with explicit times: event time for membership, the processing clock for expiry. */
class CorrelationWindowsTest {

    private static final long MINUTE = 60_000;
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private final AtomicInteger evictions = new AtomicInteger();

    private CorrelationWindows windows(String type, String condition, int maxKeys) throws Exception {
        return windows(type, condition, maxKeys, 1_000_000);
    }

    private CorrelationWindows windows(String type, String condition, int maxKeys, long maxEntries) throws Exception {
        TestRules.write(dir, "base.yml", """
                title: failed login
                id: failed-login
                detection:
                    s:
                        action: login_failed
                    condition: s
                """);
        TestRules.write(dir, "corr.yml", """
                title: brute force
                id: brute-force
                correlation:
                    type: %s
                    rules: [failed-login]
                    group-by: [user]
                    timespan: 1m
                    condition:
                %s
                """.formatted(type, condition.stripIndent().indent(8)));
        RuleLoad load = new RuleRepository(dir, Duration.ofSeconds(1)).load();
        assertThat(load.errors()).isEmpty();
        CorrelationRule rule = load.rules().correlationRules().getFirst();
        return new CorrelationWindows(rule, maxKeys, maxEntries, evictions::incrementAndGet);
    }

    /** The single hit {@code add} returned, or null when it returned none. */
    private static CorrelationHit one(List<CorrelationHit> hits) {
        assertThat(hits).hasSizeLessThanOrEqualTo(1);
        return hits.isEmpty() ? null : hits.getFirst();
    }

    private static GroupKey user(String name) {
        return new GroupKey(List.of("user"), List.of(name));
    }

    @Test
    void fiveEventsWithinTheTimespanFireExactlyOnceThenStartAfresh() throws Exception {
        CorrelationWindows windows = windows("event_count", "gte: 5", 100);
        for (int i = 1; i <= 4; i++) {
            assertThat(one(windows.add(user("alice"), 0, T0 + i * 1000, "e" + i, null, T0))).isNull();
        }
        CorrelationHit hit = one(windows.add(user("alice"), 0, T0 + 5000, "e5", null, T0));
        assertThat(hit).isNotNull();
        assertThat(hit.count()).isEqualTo(5);
        assertThat(hit.groupKey()).isEqualTo("user=alice");
        assertThat(hit.eventIds()).containsExactly("e1", "e2", "e3", "e4", "e5");
        for (int i = 6; i <= 9; i++) {
            assertThat(one(windows.add(user("alice"), 0, T0 + i * 1000, "e" + i, null, T0))).as("event %d", i).isNull();
        }
        assertThat(one(windows.add(user("alice"), 0, T0 + 10_000, "e10", null, T0))).isNotNull();
    }

    @Test
    void eventsFurtherApartThanTheTimespanDoNotAddUp() throws Exception {
        CorrelationWindows windows = windows("event_count", "gte: 3", 100);
        assertThat(one(windows.add(user("bob"), 0, T0, "a", null, T0))).isNull();
        assertThat(one(windows.add(user("bob"), 0, T0 + 30_000, "b", null, T0))).isNull();
        assertThat(one(windows.add(user("bob"), 0, T0 + 61_000, "c", null, T0))).isNull();
        assertThat(one(windows.add(user("bob"), 0, T0 + 70_000, "d", null, T0))).isNotNull()
                .satisfies(hit -> assertThat(hit.eventIds()).containsExactly("b", "c", "d"));
    }

    @Test
    void groupsAreCountedSeparately() throws Exception {
        CorrelationWindows windows = windows("event_count", "gte: 2", 100);
        assertThat(one(windows.add(user("alice"), 0, T0, "a1", null, T0))).isNull();
        assertThat(one(windows.add(user("bob"), 0, T0, "b1", null, T0))).isNull();
        assertThat(one(windows.add(user("alice"), 0, T0 + 1, "a2", null, T0))).isNotNull();
        assertThat(windows.size()).isEqualTo(2);
    }

    @Test
    void valueCountCountsDistinctValues() throws Exception {
        CorrelationWindows windows = windows("value_count", "field: src_ip\ngte: 3", 100);
        assertThat(one(windows.add(user("alice"), 0, T0, "a", "10.0.0.1", T0))).isNull();
        assertThat(one(windows.add(user("alice"), 0, T0 + 1, "b", "10.0.0.1", T0))).isNull();
        assertThat(one(windows.add(user("alice"), 0, T0 + 2, "c", "10.0.0.2", T0))).isNull();
        assertThat(one(windows.add(user("alice"), 0, T0 + 3, "d", null, T0))).isNull();
        CorrelationHit hit = one(windows.add(user("alice"), 0, T0 + 4, "e", "10.0.0.3", T0));
        assertThat(hit).isNotNull();
        assertThat(hit.count()).isEqualTo(3);
    }

    @Test
    void upperBoundsAreDecidedWhenTheWindowEnds() throws Exception {
        CorrelationWindows windows = windows("event_count", "gte: 2\nlte: 3", 100);
        assertThat(one(windows.add(user("alice"), 0, T0, "a", null, T0))).isNull();
        assertThat(one(windows.add(user("alice"), 0, T0 + 1, "b", null, T0))).isNull();
        assertThat(one(windows.add(user("carol"), 0, T0, "c1", null, T0))).isNull();
        for (int i = 2; i <= 5; i++) {
            assertThat(one(windows.add(user("carol"), 0, T0 + i, "c" + i, null, T0))).isNull();
        }
        assertThat(windows.sweep(T0 + MINUTE - 1)).isEmpty();

        List<CorrelationHit> due = windows.sweep(T0 + MINUTE);

        assertThat(due).singleElement().satisfies(hit -> {
            assertThat(hit.groupKey()).isEqualTo("user=alice");
            assertThat(hit.count()).isEqualTo(2);
        });
        assertThat(windows.size()).isZero();
        assertThat(windows.expirations()).isEqualTo(2);
    }

    @Test
    void anEventPastTheWindowClosesItAndOpensTheNext() throws Exception {
        CorrelationWindows windows = windows("event_count", "eq: 1", 100);
        assertThat(one(windows.add(user("alice"), 0, T0, "a", null, T0))).isNull();
        CorrelationHit due = one(windows.add(user("alice"), 0, T0 + MINUTE, "b", null, T0 + 1000));
        assertThat(due).isNotNull().satisfies(hit -> assertThat(hit.eventIds()).containsExactly("a"));
        assertThat(windows.sweep(T0 + 1000 + MINUTE)).singleElement()
                .satisfies(hit -> assertThat(hit.eventIds()).containsExactly("b"));
    }

    @Test
    void theSweeperDropsWindowsIdleForATimespan() throws Exception {
        CorrelationWindows windows = windows("event_count", "gte: 5", 100);
        windows.add(user("alice"), 0, T0, "a", null, T0);
        windows.add(user("bob"), 0, T0, "b", null, T0 + 30_000);
        assertThat(windows.sweep(T0 + MINUTE)).isEmpty();
        assertThat(windows.size()).isEqualTo(1);
        windows.sweep(T0 + 30_000 + MINUTE);
        assertThat(windows.size()).isZero();
        assertThat(windows.expirations()).isEqualTo(2);
    }

    @Test
    void keysAreBoundedByEvictingTheLeastRecentlyUsed() throws Exception {
        CorrelationWindows windows = windows("event_count", "gte: 2", 3);
        windows.add(user("a"), 0, T0, "a1", null, T0);
        windows.add(user("b"), 0, T0, "b1", null, T0);
        windows.add(user("c"), 0, T0, "c1", null, T0);
        windows.add(user("a"), 0, T0 + 10, "x", null, T0); // a fires and stays recently used
        windows.add(user("d"), 0, T0, "d1", null, T0); // evicts b, the least recently used

        assertThat(windows.size()).isEqualTo(3);
        assertThat(windows.evictions()).isEqualTo(1);
        assertThat(evictions).hasValue(1);
        assertThat(one(windows.add(user("c"), 0, T0 + 1, "c2", null, T0))).as("c was kept: its second event fires").isNotNull();
        assertThat(one(windows.add(user("b"), 0, T0 + 1, "b2", null, T0))).as("b was evicted: it starts afresh").isNull();
        assertThat(windows.evictions()).isEqualTo(2);
    }

    @Test
    void anEventOlderThanTheWindowIsNotCountedAndKeepsNothingAlive() throws Exception {
        CorrelationWindows windows = windows("event_count", "gte: 3", 100);
        windows.add(user("alice"), 0, T0 + 10 * MINUTE, "now", null, T0);
        for (int i = 1; i <= 5; i++) {
            assertThat(windows.add(user("alice"), 0, T0, "old" + i, null, T0 + i * 20_000)).isEmpty();
        }
        assertThat(windows.held()).as("only the recent event is held").isEqualTo(1);
        assertThat(windows.sweep(T0 + MINUTE)).isEmpty();
        assertThat(windows.size()).as("the old events did not refresh the window").isZero();
    }

    @Test
    void eventsArrivingOutOfOrderAreCountedByTheirTime() throws Exception {
        CorrelationWindows windows = windows("event_count", "gte: 3", 100);
        assertThat(windows.add(user("alice"), 0, T0 + 50_000, "c", null, T0)).isEmpty();
        assertThat(windows.add(user("alice"), 0, T0 + 10_000, "a", null, T0)).isEmpty();
        assertThat(windows.add(user("alice"), 0, T0 + 75_000, "d", null, T0)).as("a fell out of the minute").isEmpty();
        assertThat(windows.add(user("alice"), 0, T0 + 30_000, "b", null, T0)).singleElement()
                .satisfies(hit -> assertThat(hit.eventIds()).containsExactly("b", "c", "d"));
    }

    @Test
    void theEntryBudgetEvictsTheLeastRecentlyUsedWindows() throws Exception {
        CorrelationWindows windows = windows("event_count", "gte: 100", 1000, 10);
        for (int key = 0; key < 5; key++) {
            for (int i = 0; i < 4; i++) {
                windows.add(user("u" + key), 0, T0 + i, "e" + key + "-" + i, null, T0);
            }
        }
        assertThat(windows.held()).isEqualTo(8);
        assertThat(windows.size()).as("two windows of four entries fit in ten").isEqualTo(2);
        assertThat(windows.evictions()).isEqualTo(3);
        assertThat(evictions).hasValue(3);
    }

    @Test
    void anEvictedWindowWithAnUpperBoundIsDecidedOnWhatItCounted() throws Exception {
        CorrelationWindows windows = windows("event_count", "lte: 2", 1);
        assertThat(windows.add(user("alice"), 0, T0, "a1", null, T0)).isEmpty();

        List<CorrelationHit> due = windows.add(user("bob"), 0, T0, "b1", null, T0);

        assertThat(due).singleElement().satisfies(hit -> {
            assertThat(hit.groupKey()).isEqualTo("user=alice");
            assertThat(hit.eventIds()).containsExactly("a1");
        });
        assertThat(windows.evictions()).isEqualTo(1);
    }

    @Test
    void closingAllWindowsDecidesUpperBoundsAndCountsTheUndecidedRestDropped() throws Exception {
        CorrelationWindows ranges = windows("event_count", "gte: 1\nlt: 3", 100);
        ranges.add(user("alice"), 0, T0, "a1", null, T0);
        ranges.add(user("bob"), 0, T0, "b1", null, T0);
        ranges.add(user("bob"), 0, T0 + 1, "b2", null, T0);
        ranges.add(user("bob"), 0, T0 + 2, "b3", null, T0);

        assertThat(ranges.closeAll()).singleElement().satisfies(hit -> assertThat(hit.groupKey()).isEqualTo("user=alice"));
        assertThat(ranges.size()).isZero();
        assertThat(ranges.held()).isZero();
        assertThat(ranges.dropped()).as("decided windows are not dropped").isZero();

        CorrelationWindows counts = windows("event_count", "gte: 5", 100);
        counts.add(user("carol"), 0, T0, "c1", null, T0);
        assertThat(counts.closeAll()).isEmpty();
        assertThat(counts.dropped()).isEqualTo(1);
    }
}
