package dev.keel.detect.rule;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Links the compiled files into a {@link RuleSet}: rejects duplicate ids and names, resolves
 * each correlation's sources by id or name, and works out which detection rules stay silent.
 */
final class RuleLinker {

    private final List<RuleLoadError> errors;
    private final Map<String, Path> previousOwners;

    /** @param previousOwners the file each id came from in the last load: it keeps the id against newcomers */
    RuleLinker(List<RuleLoadError> errors, Map<String, Path> previousOwners) {
        this.errors = errors;
        this.previousOwners = previousOwners;
    }

    RuleSet link(Map<Path, List<Rule>> files, int fieldCount) {
        List<Rule> ordered = new ArrayList<>();
        List<Rule> newcomers = new ArrayList<>();
        for (List<Rule> rules : files.values()) {
            for (Rule rule : rules) {
                (rule.file().equals(previousOwners.get(rule.id())) ? ordered : newcomers).add(rule);
            }
        }
        ordered.addAll(newcomers);
        Map<String, Rule> byId = new HashMap<>();
        Map<String, Rule> byName = new HashMap<>();
        List<Rule> unique = new ArrayList<>();
        for (Rule rule : ordered) {
            if (claims(byId, rule.id(), rule, "id") && (rule.name() == null || claims(byName, rule.name(), rule, "name"))) {
                unique.add(rule);
            } else {
                byId.remove(rule.id(), rule);
            }
        }
        List<DetectionRule> detections = new ArrayList<>();
        List<CorrelationRule> correlations = new ArrayList<>();
        Map<String, List<CorrelationRule>> feeds = new HashMap<>();
        Set<String> referenced = new HashSet<>();
        Set<String> generating = new HashSet<>();
        for (Rule rule : unique) {
            if (rule instanceof DetectionRule detection) {
                detections.add(detection);
            }
        }
        Map<String, CorrelationRule> linked = new LinkedHashMap<>();
        Set<String> skipped = new HashSet<>();
        for (Rule rule : unique) {
            if (rule instanceof CorrelationRule correlation) {
                link(correlation, byId, byName, linked, skipped, new LinkedHashSet<>());
            }
        }
        for (CorrelationRule correlation : linked.values()) {
            correlations.add(correlation);
            for (String source : correlation.sourceIds()) {
                List<CorrelationRule> fed = feeds.computeIfAbsent(source, id -> new ArrayList<>());
                if (!fed.contains(correlation)) {
                    fed.add(correlation);
                }
                referenced.add(source);
                if (correlation.generate()) {
                    generating.add(source);
                }
            }
        }
        Set<String> silent = new HashSet<>(referenced);
        silent.removeAll(generating);
        Map<String, List<CorrelationRule>> frozen = new HashMap<>();
        feeds.forEach((id, list) -> frozen.put(id, List.copyOf(list)));
        return new RuleSet(detections, correlations, frozen, silent, fieldCount);
    }

    /** The rule names an alias maps that are none of the correlation's sources, or null. */
    private static String aliasedStrangers(CorrelationRule correlation, List<Rule> sources) {
        Set<String> known = new HashSet<>();
        for (Rule source : sources) {
            known.add(source.id());
            if (source.name() != null) {
                known.add(source.name());
            }
        }
        Set<String> strangers = new TreeSet<>();
        correlation.aliases().values().forEach(byRule -> byRule.keySet().stream()
                .filter(rule -> !known.contains(rule)).forEach(strangers::add));
        return strangers.isEmpty() ? null : "'" + String.join("', '", strangers) + "'";
    }

    private boolean claims(Map<String, Rule> index, String key, Rule rule, String what) {
        Rule earlier = index.putIfAbsent(key, rule);
        if (earlier == null) {
            return true;
        }
        errors.add(new RuleLoadError(rule.file(), "rule '" + rule.title() + "': duplicate " + what + " '" + key
                + "' (already used by '" + earlier.title() + "' in " + earlier.file().getFileName()
                + "); rule skipped"));
        return false;
    }

    /**
     * Links {@code correlation} after the correlations it counts (chaining), so that every linked
     * rule's sources are linked before it: the linked rules come out sources first. Unknown
     * references, cycles and references to skipped correlations are errors; the rule is skipped.
     *
     * @return the linked rule, or null when it is skipped
     */
    private CorrelationRule link(CorrelationRule correlation, Map<String, Rule> byId, Map<String, Rule> byName,
            Map<String, CorrelationRule> linked, Set<String> skipped, Set<String> visiting) {
        String id = correlation.id();
        if (linked.containsKey(id)) {
            return linked.get(id);
        }
        if (skipped.contains(id)) {
            return null;
        }
        if (!visiting.add(id)) {
            return skip(correlation, "is part of a cycle of correlations (" + String.join(" -> ", visiting) + " -> "
                    + id + ")", skipped);
        }
        List<Rule> sources = new ArrayList<>();
        for (String reference : correlation.sources()) {
            Rule source = byId.containsKey(reference) ? byId.get(reference) : byName.get(reference);
            if (source == null) {
                visiting.remove(id);
                return skip(correlation, "refers to unknown rule '" + reference + "'", skipped);
            }
            if (source instanceof CorrelationRule chained) {
                if (correlation.valueField() != null) {
                    visiting.remove(id);
                    return skip(correlation, "counts the values of " + correlation.valueField().name() + " in the "
                            + "alerts of correlation '" + reference + "', which carry only their group", skipped);
                }
                source = link(chained, byId, byName, linked, skipped, visiting);
                if (source == null) {
                    visiting.remove(id);
                    return skipped.contains(id) ? null
                            : skip(correlation, "refers to correlation '" + reference + "', which was skipped", skipped);
                }
            }
            sources.add(source);
        }
        visiting.remove(id);
        String strangers = aliasedStrangers(correlation, sources);
        if (strangers != null) {
            return skip(correlation, "correlation.aliases names " + strangers + ", not among its rules", skipped);
        }
        // Windows survive a reload only if the correlation and everything it counts are unchanged.
        StringBuilder fingerprint = new StringBuilder(correlation.fingerprint());
        sources.forEach(source -> fingerprint.append('|').append(source.fingerprint()));
        CorrelationRule result = correlation.linked(sources.stream().map(Rule::id).toList(), fingerprint.toString());
        linked.put(id, result);
        return result;
    }

    private CorrelationRule skip(CorrelationRule correlation, String problem, Set<String> skipped) {
        if (skipped.add(correlation.id())) {
            errors.add(new RuleLoadError(correlation.file(), "correlation '" + correlation.title() + "' " + problem
                    + "; rule skipped"));
        }
        return null;
    }
}
