package dev.keel.detect;

import dev.keel.detect.engine.ActiveRules;
import dev.keel.detect.engine.RuleHealth;
import dev.keel.detect.metrics.DetectMetrics;
import dev.keel.detect.rule.RuleLoad;
import dev.keel.detect.rule.RuleLoadError;
import dev.keel.detect.rule.RuleRepository;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the rules directory and swaps the active rules atomically: matchers pick up the new set
 * with their next batch. Every load is logged (one line, plus one per rejected file and per
 * notice), counted ({@code keel.detect.rules.reloads}) and kept for the status; the gauges of the
 * active rules read from here. Loads are serialised.
 */
final class RuleReloader {

    private static final Logger log = LoggerFactory.getLogger(RuleReloader.class);

    private final String component;
    private final RuleRepository repository;
    private final DetectProperties properties;
    private final DetectMetrics metrics;
    private final AtomicReference<ActiveRules> active = new AtomicReference<>(ActiveRules.empty());
    private volatile RuleLoad lastLoad = RuleLoad.none();
    /** The rule ids of the last load, whatever generation it was in; guarded by {@code this}. */
    private Set<String> lastIds = Set.of();

    RuleReloader(String component, RuleRepository repository, DetectProperties properties, DetectMetrics metrics) {
        this.component = component;
        this.repository = repository;
        this.properties = properties;
        this.metrics = metrics;
        registerGauges();
    }

    ActiveRules active() {
        return active.get();
    }

    RuleLoad lastLoad() {
        return lastLoad;
    }

    boolean changedSinceLastLoad() throws IOException {
        return repository.changedSinceLastLoad();
    }

    /** A new generation starts from scratch: no windows or health carried over from the last one. */
    synchronized void reset() {
        active.set(ActiveRules.empty());
    }

    synchronized RuleLoad reload(String why) throws IOException {
        RuleLoad load;
        long started = System.nanoTime();
        try {
            load = repository.load();
        } catch (IOException unreadable) {
            metrics.reload(false, System.nanoTime() - started);
            log.error("{}/{}: cannot read rules directory {}; the active rules stay as they are", component, why,
                    repository.directory(), unreadable);
            throw unreadable;
        }
        ActiveRules previous = active.get();
        DetectProperties.Correlation windows = properties.correlation();
        ActiveRules next = ActiveRules.of(load.rules(), previous,
                new ActiveRules.WindowLimits(windows.maxKeys(), windows.maxEntries(), metrics::eviction),
                properties.quarantine().failures(), properties.quarantine().window());
        active.set(next);
        long took = System.nanoTime() - started;
        lastLoad = load;
        forgetRulesGone(next);
        metrics.reload(load.clean(), took);
        log.info("{}/{}: rules version {}: {} detection and {} correlation rules from {} files in {}, compiled in {} ms{}",
                component, why, next.version(), load.rules().detectionRules().size(),
                load.rules().correlationRules().size(), load.files(), repository.directory(), took / 1_000_000,
                load.clean() ? "" : "; " + load.errors().size() + " rejected");
        for (RuleLoadError error : load.errors()) {
            log.warn("{}/{}: rule file {} rejected: {}{}", component, why, error.file(), error.message(),
                    load.keptPrevious().contains(error.file()) ? " (its previous version stays active)" : "");
        }
        for (String notice : load.notices()) {
            log.warn("{}/{}: {}", component, why, notice);
        }
        return load;
    }

    /** Meters follow the rules: a rule that left the active set takes its failure counter with it. */
    private void forgetRulesGone(ActiveRules next) {
        Set<String> ids = Set.copyOf(next.ruleIds());
        Set<String> gone = new HashSet<>(lastIds);
        gone.removeAll(ids);
        gone.forEach(metrics::forgetRule);
        lastIds = ids;
    }

    private void registerGauges() {
        metrics.gauge(DetectMetrics.RULES_LOADED, "Active rules", this::active, a -> a.detections().size(),
                "kind", "detection");
        metrics.gauge(DetectMetrics.RULES_LOADED, "Active rules", this::active, a -> a.correlations().size(),
                "kind", "correlation");
        metrics.gauge(DetectMetrics.RULES_QUARANTINED, "Quarantined rules", this::active,
                a -> a.health().stream().filter(RuleHealth::quarantined).count());
        metrics.gauge(DetectMetrics.RULES_REJECTED, "Rule files or rules the last load rejected",
                this::lastLoad, load -> load.errors().size());
        metrics.gauge(DetectMetrics.CORRELATION_KEYS, "Correlation windows held", this::active,
                ActiveRules::correlationKeys);
    }
}
