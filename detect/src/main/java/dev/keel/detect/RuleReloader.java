package dev.keel.detect;

import dev.keel.detect.engine.ActiveRules;
import dev.keel.detect.metrics.DetectMetrics;
import dev.keel.detect.rule.RuleLoad;
import dev.keel.detect.rule.RuleLoadError;
import dev.keel.detect.rule.RuleRepository;
import dev.keel.detect.rule.RuleSet;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the rules directory and swaps the active rules atomically: matchers pick up the new set
 * with their next batch. Every load is logged (one line, plus one per rejected file), counted
 * ({@code keel.detect.rules.reloads}) and kept for the status. Loads are serialised.
 */
final class RuleReloader {

    private static final Logger log = LoggerFactory.getLogger(RuleReloader.class);

    private final String component;
    private final RuleRepository repository;
    private final DetectProperties properties;
    private final DetectMetrics metrics;
    private final AtomicReference<ActiveRules> active = new AtomicReference<>(ActiveRules.empty());
    private volatile RuleLoad lastLoad = new RuleLoad(RuleSet.empty(), List.of(), List.of(), 0);

    RuleReloader(String component, RuleRepository repository, DetectProperties properties, DetectMetrics metrics) {
        this.component = component;
        this.repository = repository;
        this.properties = properties;
        this.metrics = metrics;
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
        try {
            load = repository.load();
        } catch (IOException unreadable) {
            metrics.reload(false);
            log.error("{}/{}: cannot read rules directory {}; the active rules stay as they are", component, why,
                    repository.directory(), unreadable);
            throw unreadable;
        }
        ActiveRules previous = active.get();
        ActiveRules next = ActiveRules.of(load.rules(), previous, properties.correlation().maxKeys(),
                metrics::eviction, properties.quarantine().failures(), properties.quarantine().window());
        active.set(next);
        lastLoad = load;
        metrics.reload(load.clean());
        log.info("{}/{}: rules version {}: {} detection and {} correlation rules from {} files in {}{}", component, why,
                next.version(), load.rules().detectionRules().size(), load.rules().correlationRules().size(),
                load.files(), repository.directory(), load.clean() ? "" : "; " + load.errors().size() + " rejected");
        for (RuleLoadError error : load.errors()) {
            log.warn("{}/{}: rule file {} rejected: {}{}", component, why, error.file(), error.message(),
                    load.keptPrevious().contains(error.file()) ? " (its previous version stays active)" : "");
        }
        return load;
    }
}
