package dev.keel.detect;

import dev.keel.detect.action.ActionDispatcher;
import dev.keel.detect.action.ActionTask;
import dev.keel.detect.action.TargetBreakers;
import dev.keel.detect.action.WebhookSender;
import dev.keel.detect.engine.ActiveRules;
import dev.keel.detect.engine.MatchEngine;
import dev.keel.detect.engine.RuleHealth;
import dev.keel.detect.handoff.RescueSpool;
import dev.keel.detect.handoff.SpoolReplayer;
import dev.keel.detect.handoff.StorageHandoff;
import dev.keel.detect.mapping.FieldMappings;
import dev.keel.detect.metrics.DetectMetrics;
import dev.keel.detect.rule.RuleLoad;
import dev.keel.detect.rule.RuleRepository;
import dev.keel.lifecycle.Admission;
import dev.keel.lifecycle.Component;
import dev.keel.lifecycle.ComponentState;
import dev.keel.lifecycle.LifecycleEnvironment;
import dev.keel.lifecycle.RecoveryPolicy;
import dev.keel.lifecycle.WorkQueue;
import dev.keel.lifecycle.Workers;
import dev.keel.storage.AlertSink;
import dev.keel.storage.Event;
import dev.keel.storage.EventSink;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The detect component: ingest offers it events ({@link EventSink}, all-or-nothing; FULL when
 * its queue is full, CLOSED unless running); matchers evaluate them against the rules of
 * {@code keel.detect.rules-dir}, hand every event to {@code events} and every alert to
 * {@code alerts} (storage), and queue the rules' actions. Storage must outlive detect: stop
 * detect first, and it drains everything it accepted into storage before it ends.
 *
 * <p>Stages of a generation, in launch order (the stop goes newest first): the
 * {@code webhook-http} executor and the {@code webhook-client} (see {@link WebhookWiring}), the
 * {@code action-executor} pool, the {@code correlation-final-sweep}, the {@code matcher} pool,
 * then the {@code correlation-sweeper} and {@code breaker-cleanup} ticks and the
 * {@code rules-watcher} and {@code rescue-replay} loops.
 */
public final class DetectComponent extends Component implements EventSink {

    /** The component's name, in logs, meters and the workers endpoint. */
    public static final String NAME = "detect";

    private static final Logger log = LoggerFactory.getLogger(DetectComponent.class);

    private final DetectProperties properties;
    private final DetectMetrics metrics;
    private final RuleReloader reloader;
    private final TargetBreakers breakers;
    private final RescueSpool spool;
    private final MatchingPipeline pipeline;
    private final EventSink events;
    private final AlertSink alerts;

    private volatile WorkQueue<Event> input;
    private volatile ActionDispatcher actions;

    public DetectComponent(DetectProperties properties, EventSink events, AlertSink alerts,
            LifecycleEnvironment environment) {
        this(properties, events, alerts, environment, System::currentTimeMillis);
    }

    /** @param clock epoch milliseconds: alert timestamps, window expiry, breaker idleness and open duration */
    DetectComponent(DetectProperties properties, EventSink events, AlertSink alerts, LifecycleEnvironment environment,
            LongSupplier clock) {
        super(NAME, properties.stopTimeout(), environment);
        this.properties = properties;
        this.events = Objects.requireNonNull(events, "events");
        this.alerts = Objects.requireNonNull(alerts, "alerts");
        this.metrics = new DetectMetrics(environment.meters(), NAME);
        this.reloader = new RuleReloader(NAME, new RuleRepository(properties.rulesDir(), properties.regexTimeout(),
                        properties.placeholders()),
                properties, metrics);
        this.breakers = new TargetBreakers(NAME, WebhookWiring.breakerSettings(properties.actions().breaker()),
                environment.meters(), clock);
        this.spool = new RescueSpool(properties.rescueDir());
        FieldMappings mappings = FieldMappings.load(properties.mappings(), properties.regexTimeout());
        metrics.mappings(mappings);
        this.pipeline = new MatchingPipeline(NAME, new MatchEngine(NAME, metrics, clock, mappings), reloader::active,
                new StorageHandoff(NAME, events, alerts, spool, metrics), metrics);
    }

    @Override
    protected void startUp(Workers workers) throws IOException {
        if (Files.notExists(properties.rulesDir())) {
            Files.createDirectories(properties.rulesDir());
            log.warn("{}: rules directory {} did not exist; created it empty", NAME, properties.rulesDir());
        }
        reloader.reset();
        reloader.reload("start");
        spool.recount();

        DetectProperties.Actions settings = properties.actions();
        WebhookSender webhooks = WebhookWiring.webhookSender(workers, settings, breakers);
        WorkQueue<ActionTask> actionQueue = workers.queue("actions", settings.queueCapacity());
        ActionDispatcher dispatcher = new ActionDispatcher(NAME, actionQueue, webhooks, metrics);
        actions = dispatcher;
        workers.worker("action-executor").virtual().pool(settings.threads(), actionQueue)
                .rescue(dispatcher::undelivered).each(dispatcher::execute);
        // Closed in its turn: after the matchers have drained, before the action executor does.
        workers.closeInTurn(MatchingPipeline.FINAL_SWEEP, () -> pipeline.closeWindows(dispatcher));

        WorkQueue<Event> queue = workers.queue("events", properties.queueCapacity());
        workers.worker(MatchingPipeline.MATCHER).platform().pool(properties.matcherThreads(), queue)
                .rescue(pipeline::rescueUnmatched)
                .eachBatch(properties.batchSize(), Duration.ZERO, batch -> pipeline.match(batch, dispatcher));

        workers.worker("correlation-sweeper").every(properties.correlation().sweepInterval(),
                ctx -> pipeline.sweep(dispatcher, ctx.workerId(), ctx::stopRequested));
        workers.worker("breaker-cleanup").every(settings.breaker().cleanupInterval(), ctx -> breakers.removeIdle());
        // A directory that cannot be read is retried patiently: it must not fail detection.
        RecoveryPolicy patient = RecoveryPolicy.restart().withBackoff(Duration.ofSeconds(1), Duration.ofMinutes(1))
                .withBudget(100, Duration.ofHours(1));
        RulesWatcher watcher = new RulesWatcher(properties.rulesDir(), properties.reloadDebounce(),
                reloader::changedSinceLastLoad, () -> reloader.reload("rules-watcher"));
        workers.worker("rules-watcher").virtual().recovery(patient).loop(watcher::watch);
        SpoolReplayer replayer = new SpoolReplayer(NAME, spool, queue::offerAll, events::offer, alerts::offer,
                metrics);
        workers.worker("rescue-replay").virtual().recovery(patient).loop(ctx -> {
            replayer.replay(ctx);
            ctx.awaitStop(properties.rescueReplayInterval());
        });
        input = queue;
    }

    /**
     * Queues all of {@code batch} for matching, or none: FULL when there is not room, CLOSED unless running.
     *
     * @throws IllegalArgumentException when the batch is larger than the input queue could ever hold
     *     ({@code keel.detect.queue-capacity}): FULL would be a promise that waiting helps
     */
    @Override
    public Admission offer(List<Event> batch) {
        WorkQueue<Event> queue = input;
        if (queue == null || state() != ComponentState.RUNNING) {
            return Admission.CLOSED;
        }
        return queue.offerAll(fitting(batch, queue));
    }

    /** As {@link #offer(List)}, waiting up to {@code maxWait} for room. */
    @Override
    public Admission offer(List<Event> batch, Duration maxWait) throws InterruptedException {
        WorkQueue<Event> queue = input;
        if (queue == null || state() != ComponentState.RUNNING) {
            return Admission.CLOSED;
        }
        return queue.offerAll(fitting(batch, queue), maxWait);
    }

    private static List<Event> fitting(List<Event> batch, WorkQueue<Event> queue) {
        if (batch.size() > queue.capacity()) {
            throw new IllegalArgumentException("a batch of " + batch.size() + " events can never fit detect's input "
                    + "queue of " + queue.capacity() + " (keel.detect.queue-capacity): offer smaller batches");
        }
        return batch;
    }

    /**
     * Loads the rules directory now, as the watcher does after a change; returns what loaded and
     * what was rejected. The active rules change only for the files that compiled.
     */
    public RuleLoad reloadRules() throws IOException {
        return reloader.reload("reload");
    }

    /** The rules, queues, quarantined rules, breakers and spool as they are now. */
    public DetectStatus status() {
        ActiveRules active = reloader.active();
        RuleLoad load = reloader.lastLoad();
        WorkQueue<Event> queue = input;
        ActionDispatcher dispatcher = actions;
        List<QuarantinedRule> quarantined = active.health().stream().filter(RuleHealth::quarantined)
                .map(h -> new QuarantinedRule(h.ruleId(), h.title(), h.failures(), h.lastError(), h.quarantinedAt()))
                .toList();
        return new DetectStatus(state(), properties.rulesDir(), active.detections().size(),
                active.correlations().size(), active.version(), active.version() == 0 ? null : active.loadedAt(),
                load.errors(), load.keptPrevious(), quarantined, queue == null ? 0 : queue.size(),
                properties.queueCapacity(), dispatcher == null ? 0 : dispatcher.queued(), active.correlationKeys(),
                breakers.statuses(), spool.waiting(), properties.rescueDir(), rulesByLogSource(active),
                active.logSourcesSeen());
    }

    private static Map<String, Integer> rulesByLogSource(ActiveRules active) {
        Map<String, Integer> counts = new TreeMap<>();
        active.detections().forEach(d -> counts.merge(d.rule().logsource().display(), 1, Integer::sum));
        return counts;
    }

    /** The status, for the workers endpoint and health details; cheap and never blocking. */
    @Override
    protected Map<String, Object> details() {
        return status().details();
    }
}
