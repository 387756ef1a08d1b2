package dev.keel.detect.rule;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A compiled, linked, immutable set of rules: what one load of the rules directory produced.
 * Correlation rules know their sources; a detection rule knows the correlations it feeds and
 * whether it raises alerts of its own (not when every correlation counting it leaves
 * {@code generate} false, as Sigma specifies).
 */
public final class RuleSet {

    private static final RuleSet EMPTY = new RuleSet(List.of(), List.of(), Map.of(), Set.of(), 0);

    private final List<DetectionRule> detectionRules;
    private final List<CorrelationRule> correlationRules;
    private final Map<String, List<CorrelationRule>> feeds;
    private final Set<String> silent;
    private final int fieldCount;

    RuleSet(List<DetectionRule> detectionRules, List<CorrelationRule> correlationRules,
            Map<String, List<CorrelationRule>> feeds, Set<String> silent, int fieldCount) {
        this.detectionRules = List.copyOf(detectionRules);
        this.correlationRules = List.copyOf(correlationRules);
        this.feeds = Map.copyOf(feeds);
        this.silent = Set.copyOf(silent);
        this.fieldCount = fieldCount;
    }

    public static RuleSet empty() {
        return EMPTY;
    }

    public List<DetectionRule> detectionRules() {
        return detectionRules;
    }

    public List<CorrelationRule> correlationRules() {
        return correlationRules;
    }

    /** The correlation rules that count matches of {@code rule}: a detection, or a correlation (chaining). */
    public List<CorrelationRule> correlationsFedBy(Rule rule) {
        return feeds.getOrDefault(rule.id(), List.of());
    }

    /** False when only correlations count this rule's matches and none of them sets {@code generate: true}. */
    public boolean alertsOnItsOwn(Rule rule) {
        return !silent.contains(rule.id());
    }

    /** The event as this set's rules see it: one slot per distinct field name they use. */
    public EventView view(dev.keel.storage.Event event) {
        return new EventView(event, fieldCount);
    }

    public int size() {
        return detectionRules.size() + correlationRules.size();
    }
}
