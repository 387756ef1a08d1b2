package dev.keel.detect;

import dev.keel.detect.action.BreakerStatus;
import dev.keel.detect.rule.RuleLoadError;
import dev.keel.lifecycle.ComponentState;
import java.nio.file.Path;
import java.time.Instant;
import dev.keel.detect.engine.ActiveRules;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the detect component shows on the workers endpoint and in health details.
 *
 * @param state the component's lifecycle state
 * @param rulesDir the rules directory
 * @param detectionRules active single-event rules
 * @param correlationRules active correlation rules
 * @param rulesVersion counts loads in this generation (1 after start)
 * @param rulesLoadedAt when the active rules were loaded, or null before the first load
 * @param ruleErrors what the last load rejected: file and reason
 * @param keptPrevious broken files whose last good version is still active
 * @param quarantined rules skipped because they kept failing
 * @param queued events waiting for a matcher
 * @param queueCapacity the input queue's capacity
 * @param actionsQueued actions waiting for an executor
 * @param correlationKeys correlation windows held
 * @param breakers webhook targets' circuit breakers
 * @param spooledFiles rescue spool files waiting for replay (handed on again every {@code rescue-replay-interval} while running)
 * @param rescueDir where they are
 * @param rulesByLogSource the active detection rules per {@code logsource} they are scoped to ({@code any}: unscoped)
 * @param logSourcesSeen the log sources of the events evaluated since the rules were loaded
 */
public record DetectStatus(ComponentState state, Path rulesDir, int detectionRules, int correlationRules,
        long rulesVersion, Instant rulesLoadedAt, List<RuleLoadError> ruleErrors, List<Path> keptPrevious,
        List<QuarantinedRule> quarantined, int queued, int queueCapacity, int actionsQueued, int correlationKeys,
        List<BreakerStatus> breakers, int spooledFiles, Path rescueDir, Map<String, Integer> rulesByLogSource,
        List<ActiveRules.LogSourceSeen> logSourcesSeen) {

    public DetectStatus {
        rulesByLogSource = Collections.unmodifiableMap(new LinkedHashMap<>(rulesByLogSource));
        logSourcesSeen = List.copyOf(logSourcesSeen);
        ruleErrors = List.copyOf(ruleErrors);
        keptPrevious = List.copyOf(keptPrevious);
        quarantined = List.copyOf(quarantined);
        breakers = List.copyOf(breakers);
    }

    /**
     * Things an operator should look at, one line each; empty when all is well. None of them stops
     * detection (so health may stay UP), but each means something is not as configured.
     */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        ruleErrors.forEach(error -> problems.add("rule file rejected: " + error
                + (keptPrevious.contains(error.file()) ? " (its previous version stays active)" : "")));
        quarantined.forEach(rule -> problems.add("rule quarantined: '" + rule.title() + "' (" + rule.ruleId() + ") after "
                + rule.failures() + " failures, last: " + rule.lastError()));
        breakers.stream().filter(b -> !b.state().equals("CLOSED"))
                .forEach(b -> problems.add("webhook target " + b.target() + ": circuit breaker " + b.state()));
        if (spooledFiles > 0) {
            problems.add(spooledFiles + " rescue spool files waiting for replay in " + rescueDir);
        }
        return problems;
    }

    /** True when {@link #problems()} has something to say. */
    public boolean degraded() {
        return !problems().isEmpty();
    }

    /** The status as the workers endpoint shows it: plain values, kebab-case keys. */
    public Map<String, Object> details() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("rules_detection", detectionRules);
        details.put("rules_correlation", correlationRules);
        details.put("rules_version", rulesVersion);
        details.put("rules_loaded_at", String.valueOf(rulesLoadedAt));
        details.put("rule_errors", ruleErrors.stream().map(RuleLoadError::toString).toList());
        details.put("quarantined_rules", quarantined.stream()
                .map(q -> q.ruleId() + " (" + q.title() + "): " + q.failures() + " failures, last " + q.lastError())
                .toList());
        details.put("rules_by_logsource", rulesByLogSource);
        details.put("logsources_seen", logSourcesSeen.stream()
                .map(seen -> seen.logSource() + ": " + seen.events() + " events, " + seen.rules() + " rules").toList());
        details.put("correlation_keys", correlationKeys);
        details.put("actions_queued", actionsQueued);
        details.put("webhook_breakers", breakers.stream().map(b -> b.target() + " " + b.state()).toList());
        details.put("rescue_spool_files", spooledFiles);
        details.put("problems", problems());
        return details;
    }
}
