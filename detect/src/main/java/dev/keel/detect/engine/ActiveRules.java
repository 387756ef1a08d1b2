package dev.keel.detect.engine;

import dev.keel.detect.correlation.CorrelationWindows;
import dev.keel.detect.rule.CorrelationRule;
import dev.keel.detect.rule.DetectionRule;
import dev.keel.detect.rule.EventView;
import dev.keel.detect.rule.LogSource;
import dev.keel.detect.rule.RulePrefilter;
import dev.keel.detect.rule.RuleSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The rule set the matchers use, with its runtime state: health per rule (fresh at every
 * load, so a reload lifts quarantines) and windows per correlation rule (carried over from the
 * previous set for correlations whose definition and sources are unchanged). Swapped as a whole.
 * The windows of correlations that changed or went are kept as {@link #retired()} until the
 * sweeper has ended them, so that what they decided is still raised.
 */
public final class ActiveRules {

    /** How the windows of a load are bounded: per correlation rule, see {@link CorrelationWindows}. */
    public record WindowLimits(int maxKeys, long maxEntries, Runnable onEviction) {}

    private final RuleSet rules;
    private final long version;
    private final Instant loadedAt;
    private final List<ActiveDetection> detections;
    private final List<ActiveCorrelation> correlations;
    private final List<CorrelationWindows> retired;
    /** Per correlation id, the correlations that count its alerts (chaining). */
    private final Map<String, List<ActiveCorrelation>> chained;
    /** Per log source seen in events, its route and its events: worked out once per source. */
    private final ConcurrentHashMap<LogSource, Seen> seen = new ConcurrentHashMap<>();
    /**
     * The routes, one per distinct set of admitted rules: log sources that admit the same rules
     * share one prefilter, so made-up log sources in events cannot multiply them.
     */
    private final ConcurrentHashMap<BitSet, Route> routes = new ConcurrentHashMap<>();

    /** The detections some log sources admit, and their prefilter. */
    private record Route(List<ActiveDetection> detections, RulePrefilter prefilter) {}

    /** A log source seen in events: its route, and how many of its events were evaluated. */
    private record Seen(Route route, LongAdder events) {}

    /** Distinct log sources (and routes) remembered; events of others get their rules unfiltered. */
    static final int MAX_ROUTES = 1024;

    private ActiveRules(RuleSet rules, long version, List<ActiveDetection> detections,
            List<ActiveCorrelation> correlations, List<CorrelationWindows> retired,
            Map<String, List<ActiveCorrelation>> chained) {
        this.chained = Map.copyOf(chained);
        this.rules = rules;
        this.version = version;
        this.loadedAt = Instant.now();
        this.detections = List.copyOf(detections);
        this.correlations = List.copyOf(correlations);
        this.retired = List.copyOf(retired);
    }

    public static ActiveRules empty() {
        return new ActiveRules(RuleSet.empty(), 0, List.of(), List.of(), List.of(), Map.of());
    }

    /**
     * Builds the active form of {@code rules}, reusing the windows of {@code previous} for each
     * correlation rule with the same id and fingerprint; the other windows of {@code previous}
     * (and those it had retired and that still hold something) are retired.
     */
    public static ActiveRules of(RuleSet rules, ActiveRules previous, WindowLimits limits, int quarantineFailures,
            Duration quarantineWindow) {
        Map<String, CorrelationWindows> reusable = new HashMap<>();
        for (ActiveCorrelation old : previous.correlations) {
            reusable.put(stateKey(old.rule()), old.windows());
        }
        Map<String, ActiveCorrelation> byId = new HashMap<>();
        List<ActiveCorrelation> correlations = new ArrayList<>();
        for (CorrelationRule rule : rules.correlationRules()) {
            CorrelationWindows windows = reusable.remove(stateKey(rule));
            ActiveCorrelation active = new ActiveCorrelation(rule,
                    windows != null ? windows
                            : new CorrelationWindows(rule, limits.maxKeys(), limits.maxEntries(), limits.onEviction()),
                    new RuleHealth(rule.id(), rule.title(), quarantineFailures, quarantineWindow),
                    rules.alertsOnItsOwn(rule));
            correlations.add(active);
            byId.put(rule.id(), active);
        }
        Map<String, List<ActiveCorrelation>> chained = new HashMap<>();
        for (ActiveCorrelation correlation : correlations) {
            List<ActiveCorrelation> fed = rules.correlationsFedBy(correlation.rule()).stream()
                    .map(c -> byId.get(c.id())).toList();
            if (!fed.isEmpty()) {
                chained.put(correlation.rule().id(), fed);
            }
        }
        List<CorrelationWindows> retired = new ArrayList<>(reusable.values());
        previous.retired.stream().filter(windows -> windows.size() > 0).forEach(retired::add);
        List<ActiveDetection> detections = new ArrayList<>();
        for (DetectionRule rule : rules.detectionRules()) {
            List<ActiveCorrelation> feeds = rules.correlationsFedBy(rule).stream().map(c -> byId.get(c.id())).toList();
            detections.add(new ActiveDetection(rule,
                    new RuleHealth(rule.id(), rule.title(), quarantineFailures, quarantineWindow),
                    rules.alertsOnItsOwn(rule), feeds));
        }
        return new ActiveRules(rules, previous.version + 1, detections, correlations, retired, chained);
    }

    private static String stateKey(CorrelationRule rule) {
        return rule.id() + '\u0000' + rule.fingerprint();
    }

    public RuleSet rules() {
        return rules;
    }

    /** 1 for the first load of a generation, counting up with every reload. */
    public long version() {
        return version;
    }

    public Instant loadedAt() {
        return loadedAt;
    }

    public List<ActiveDetection> detections() {
        return detections;
    }

    /**
     * The detections worth evaluating on {@code event}, from {@code source}: those whose rule's
     * {@code logsource} admits it (a rule without one admits every event), less those the
     * {@link RulePrefilter} shows cannot match; in load order.
     */
    public List<ActiveDetection> candidatesFor(EventView event, LogSource source) {
        Seen known = seen.get(source);
        Route route = known != null ? known.route() : route(source);
        if (route == null) {
            return admitted(source); // past the bound: an unusual source gets its rules unfiltered
        }
        if (known == null && seen.size() < MAX_ROUTES) {
            known = seen.computeIfAbsent(source, first -> new Seen(route, new LongAdder()));
        }
        if (known != null) {
            known.events().increment();
        }
        BitSet candidates;
        try {
            candidates = route.prefilter().candidates(event);
        } catch (Throwable unreadable) {
            if (!MatchEngine.survivable(unreadable)) {
                throw unreadable;
            }
            return route.detections(); // a field that cannot be read is each rule's failure, not the event's
        }
        List<ActiveDetection> worth = new ArrayList<>(candidates.cardinality());
        for (int i = candidates.nextSetBit(0); i >= 0; i = candidates.nextSetBit(i + 1)) {
            worth.add(route.detections().get(i));
        }
        return worth;
    }

    /** The shared route of the rules {@code source} admits, or null when there are too many routes already. */
    private Route route(LogSource source) {
        BitSet admitted = new BitSet(detections.size());
        for (int i = 0; i < detections.size(); i++) {
            if (detections.get(i).rule().logsource().admits(source)) {
                admitted.set(i);
            }
        }
        Route route = routes.get(admitted);
        if (route != null || routes.size() >= MAX_ROUTES) {
            return route;
        }
        return routes.computeIfAbsent(admitted, rules -> {
            List<ActiveDetection> list = rules.stream().mapToObj(detections::get).toList();
            return new Route(list, new RulePrefilter(list.stream().map(ActiveDetection::rule).toList()));
        });
    }

    /** Routes built so far: one per distinct set of admitted rules. */
    int routeCount() {
        return routes.size();
    }

    private List<ActiveDetection> admitted(LogSource source) {
        return detections.stream().filter(detection -> detection.rule().logsource().admits(source)).toList();
    }

    /** The log sources seen in events since this set was loaded, each with its events and rules, most events first. */
    public List<LogSourceSeen> logSourcesSeen() {
        List<LogSourceSeen> all = new ArrayList<>();
        seen.forEach((source, known) -> all.add(new LogSourceSeen(source.display(), known.events().sum(),
                known.route().detections().size())));
        all.sort(Comparator.comparingLong(LogSourceSeen::events).reversed().thenComparing(LogSourceSeen::logSource));
        return all;
    }

    /**
     * One log source seen in events.
     *
     * @param logSource {@code product=windows category=process_creation}, or {@code any} for events without one
     * @param events events of it evaluated since the rules were loaded
     * @param rules detection rules evaluated on it
     */
    public record LogSourceSeen(String logSource, long events, int rules) {}

    public List<ActiveCorrelation> correlations() {
        return correlations;
    }

    /** The correlations that count the alerts of {@code correlation} (chaining); usually none. */
    public List<ActiveCorrelation> fedBy(CorrelationRule correlation) {
        return chained.getOrDefault(correlation.id(), List.of());
    }

    /** Windows of correlations that changed or went at a reload, until the sweeper ends them. */
    public List<CorrelationWindows> retired() {
        return retired;
    }

    /** Every rule's health, detection rules first. */
    public List<RuleHealth> health() {
        List<RuleHealth> all = new ArrayList<>();
        detections.forEach(d -> all.add(d.health()));
        correlations.forEach(c -> all.add(c.health()));
        return all;
    }

    /** The ids of every rule of the set. */
    public List<String> ruleIds() {
        return health().stream().map(RuleHealth::ruleId).toList();
    }

    public int correlationKeys() {
        int keys = 0;
        for (ActiveCorrelation correlation : correlations) {
            keys += correlation.windows().size();
        }
        for (CorrelationWindows windows : retired) {
            keys += windows.size();
        }
        return keys;
    }
}
