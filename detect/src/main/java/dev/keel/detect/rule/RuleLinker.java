package dev.keel.detect.rule;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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
        for (Rule rule : unique) {
            if (!(rule instanceof CorrelationRule correlation)) {
                continue;
            }
            List<DetectionRule> sources = resolve(correlation, byId, byName);
            if (sources == null) {
                continue;
            }
            // Windows survive a reload only if the correlation and everything it counts are unchanged.
            StringBuilder fingerprint = new StringBuilder(correlation.fingerprint());
            sources.forEach(source -> fingerprint.append('|').append(source.fingerprint()));
            String strangers = aliasedStrangers(correlation, sources);
            if (strangers != null) {
                errors.add(new RuleLoadError(correlation.file(), "correlation '" + correlation.title()
                        + "': correlation.aliases names " + strangers + ", not among its rules; rule skipped"));
                continue;
            }
            CorrelationRule linked = correlation.linked(sources.stream().map(DetectionRule::id).toList(),
                    fingerprint.toString());
            correlations.add(linked);
            for (DetectionRule source : sources) {
                List<CorrelationRule> fed = feeds.computeIfAbsent(source.id(), id -> new ArrayList<>());
                if (!fed.contains(linked)) {
                    fed.add(linked);
                }
                referenced.add(source.id());
                if (linked.generate()) {
                    generating.add(source.id());
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
    private static String aliasedStrangers(CorrelationRule correlation, List<DetectionRule> sources) {
        Set<String> known = new HashSet<>();
        for (DetectionRule source : sources) {
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

    private List<DetectionRule> resolve(CorrelationRule correlation, Map<String, Rule> byId, Map<String, Rule> byName) {
        List<DetectionRule> sources = new ArrayList<>();
        for (String reference : correlation.sources()) {
            Rule source = byId.containsKey(reference) ? byId.get(reference) : byName.get(reference);
            String problem = null;
            if (source == null) {
                problem = "refers to unknown rule '" + reference + "'";
            } else if (source instanceof CorrelationRule) {
                problem = "refers to correlation rule '" + reference + "': chaining correlations is unsupported";
            }
            if (problem != null) {
                errors.add(new RuleLoadError(correlation.file(), "correlation '" + correlation.title() + "' "
                        + problem + "; rule skipped"));
                return null;
            }
            sources.add((DetectionRule) source);
        }
        return sources;
    }
}
