package dev.keel.detect;

import dev.keel.detect.action.ActionDispatcher;
import dev.keel.detect.action.ActionTask;
import dev.keel.detect.action.TargetBreakers;
import dev.keel.detect.action.WebhookSender;
import dev.keel.detect.engine.ActiveRules;
import dev.keel.detect.engine.MatchEngine;
import dev.keel.detect.engine.RuleHealth;
import dev.keel.detect.metrics.DetectMetrics;
import dev.keel.detect.rule.RuleLoad;
import dev.keel.detect.rule.RuleLoadError;
import dev.keel.detect.rule.RuleRepository;
import dev.keel.detect.spool.RescueSpool;
import dev.keel.detect.spool.SpoolReplayer;
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
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
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
 * <p>Workers of a generation, launched consumers first (stages stop newest first):
 * {@code webhook-http} pool (the webhook client's executor), {@code action-executor} pool, {@code matcher} pool, {@code correlation-sweeper} tick,
 * {@code breaker-cleanup} tick, {@code rules-watcher} loop, and {@code rescue-replay} when the
 * rescue spool holds files.
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
    private final StorageHandoff handoff;
    private final MatchingPipeline pipeline;
    private final EventSink events;
    private final AlertSink alerts;

    private volatile WorkQueue<Event> input;
    private volatile ActionDispatcher actions;
    private volatile HttpClient webhookClient;

    public DetectComponent(DetectProperties properties, EventSink events, AlertSink alerts,
            LifecycleEnvironment environment) {
        this(properties, events, alerts, environment, System::currentTimeMillis);
    }

    /** @param clock epoch milliseconds: alert timestamps, window expiry, breaker idleness */
    DetectComponent(DetectProperties properties, EventSink events, AlertSink alerts, LifecycleEnvironment environment,
            LongSupplier clock) {
        super(NAME, properties.stopTimeout(), environment);
        this.properties = properties;
        this.events = Objects.requireNonNull(events, "events");
        this.alerts = Objects.requireNonNull(alerts, "alerts");
        this.metrics = new DetectMetrics(environment.meters(), NAME);
        this.reloader = new RuleReloader(NAME, new RuleRepository(properties.rulesDir(), properties.regexTimeout()),
                properties, metrics);
        this.breakers = new TargetBreakers(NAME, breakerConfig(properties.actions().breaker()),
                properties.actions().breaker().idleTimeout(), environment.meters(), clock);
        this.spool = new RescueSpool(properties.rescueDir());
        this.handoff = new StorageHandoff(NAME, events, alerts, spool, metrics);
        this.pipeline = new MatchingPipeline(NAME, new MatchEngine(NAME, metrics, clock), reloader::active, handoff,
                metrics);
        registerGauges();
    }

    @Override
    protected void startUp(Workers workers) throws IOException {
        if (Files.notExists(properties.rulesDir())) {
            Files.createDirectories(properties.rulesDir());
            log.warn("{}: rules directory {} did not exist; created it empty", NAME, properties.rulesDir());
        }
        reloader.reset();
        reloader.reload("start");

        DetectProperties.Actions settings = properties.actions();
        HttpClient client = HttpClient.newBuilder()
                .executor(httpExecutor(workers, settings.threads() + 1))
                .connectTimeout(settings.webhookTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        webhookClient = client;
        WorkQueue<ActionTask> actionQueue = workers.queue("actions", settings.queueCapacity());
        ActionDispatcher dispatcher = new ActionDispatcher(NAME, actionQueue,
                new WebhookSender(client, breakers, settings.webhookTimeout()), metrics);
        actions = dispatcher;
        workers.worker("action-executor").virtual().pool(settings.threads(), actionQueue)
                .rescue(dispatcher::undelivered).each(dispatcher::execute);

        WorkQueue<Event> queue = workers.queue("events", properties.queueCapacity());
        workers.worker("matcher").platform().pool(properties.matcherThreads(), queue)
                .rescue(pipeline::rescueUnmatched)
                .eachBatch(properties.batchSize(), Duration.ZERO, batch -> pipeline.match(batch, dispatcher));

        workers.worker("correlation-sweeper").every(properties.correlation().sweepInterval(),
                ctx -> pipeline.sweep(dispatcher));
        workers.worker("breaker-cleanup").every(settings.breaker().cleanupInterval(), ctx -> breakers.removeIdle());
        RulesWatcher watcher = new RulesWatcher(properties.rulesDir(), properties.reloadDebounce(),
                reloader::changedSinceLastLoad, () -> reloader.reload("rules-watcher"));
        workers.worker("rules-watcher").virtual()
                .recovery(RecoveryPolicy.restart().withBackoff(Duration.ofSeconds(1), Duration.ofMinutes(1))
                        .withBudget(100, Duration.ofHours(1)))
                .loop(watcher::watch);
        if (spool.recount() > 0) {
            SpoolReplayer replayer = new SpoolReplayer(NAME, spool, queue::offerAll, events::offer, alerts::offer,
                    properties.batchSize(), metrics);
            workers.worker("rescue-replay").virtual().task(replayer::replay);
        }
        input = queue;
    }

    /**
     * The webhook client's executor: a pool of tracked virtual threads, launched before the
     * action executor so that it outlives it. ({@code workers.executor()} refuses tasks as soon
     * as stop begins, and the JDK client then fails the very requests the drain must deliver.)
     */
    private static Executor httpExecutor(Workers workers, int threads) {
        WorkQueue<Runnable> tasks = workers.queue("webhook-http", 10_000);
        workers.worker("webhook-http").virtual().pool(threads, tasks)
                .rescue((left, cause) -> log.debug("{}/webhook-http: {} HTTP client tasks not run: the client is "
                        + "shut down after the stop", NAME, left.size()))
                .each(task -> {
                    try {
                        task.run();
                    } catch (RuntimeException failure) {
                        log.debug("{}/webhook-http: HTTP client task failed", NAME, failure);
                    }
                });
        return task -> {
            if (!tasks.offer(task).accepted()) {
                throw new RejectedExecutionException("detect/webhook-http: " + tasks);
            }
        };
    }

    @Override
    protected void shutDown() throws InterruptedException {
        HttpClient client = webhookClient;
        if (client != null) {
            // Actions were delivered or counted undelivered by now; abort whatever a stuck worker left.
            client.shutdownNow();
            if (!client.awaitTermination(Duration.ofSeconds(1))) {
                log.warn("{}: webhook HTTP client did not terminate within 1 s", NAME);
            }
        }
    }

    /** Queues all of {@code batch} for matching, or none: FULL when there is not room, CLOSED unless running. */
    @Override
    public Admission offer(List<Event> batch) {
        WorkQueue<Event> queue = input;
        if (queue == null || state() != ComponentState.RUNNING) {
            return Admission.CLOSED;
        }
        return queue.offerAll(batch);
    }

    /** As {@link #offer(List)}, waiting up to {@code maxWait} for room. */
    @Override
    public Admission offer(List<Event> batch, Duration maxWait) throws InterruptedException {
        WorkQueue<Event> queue = input;
        if (queue == null || state() != ComponentState.RUNNING) {
            return Admission.CLOSED;
        }
        return queue.offerAll(batch, maxWait);
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
                breakers.statuses(), spool.waiting(), properties.rescueDir());
    }

    /** The status, for the workers endpoint and health details; cheap and never blocking. */
    @Override
    protected Map<String, Object> details() {
        DetectStatus status = status();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("rules-detection", status.detectionRules());
        details.put("rules-correlation", status.correlationRules());
        details.put("rules-version", status.rulesVersion());
        details.put("rules-loaded-at", String.valueOf(status.rulesLoadedAt()));
        details.put("rule-errors", status.ruleErrors().stream().map(RuleLoadError::toString).toList());
        details.put("quarantined-rules", status.quarantined().stream()
                .map(q -> q.ruleId() + " (" + q.title() + "): " + q.failures() + " failures, last " + q.lastError())
                .toList());
        details.put("correlation-keys", status.correlationKeys());
        details.put("actions-queued", status.actionsQueued());
        details.put("webhook-breakers", status.breakers().stream().map(b -> b.target() + " " + b.state()).toList());
        details.put("rescue-spool-files", status.spooledFiles());
        details.put("problems", status.problems());
        return details;
    }

    public DetectProperties properties() {
        return properties;
    }

    private void registerGauges() {
        metrics.gauge(DetectMetrics.RULES_LOADED, "Active rules", reloader::active, a -> a.detections().size(),
                "kind", "detection");
        metrics.gauge(DetectMetrics.RULES_LOADED, "Active rules", reloader::active, a -> a.correlations().size(),
                "kind", "correlation");
        metrics.gauge(DetectMetrics.RULES_QUARANTINED, "Quarantined rules", reloader::active,
                a -> a.health().stream().filter(RuleHealth::quarantined).count());
        metrics.gauge(DetectMetrics.RULES_REJECTED, "Rule files or rules the last load rejected",
                reloader::lastLoad, load -> load.errors().size());
        metrics.gauge(DetectMetrics.CORRELATION_KEYS, "Correlation windows held", reloader::active,
                ActiveRules::correlationKeys);
    }

    private static CircuitBreakerConfig breakerConfig(DetectProperties.Breaker breaker) {
        return CircuitBreakerConfig.custom()
                .failureRateThreshold(breaker.failureRateThreshold())
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(breaker.slidingWindowSize())
                .minimumNumberOfCalls(breaker.minimumCalls())
                .waitDurationInOpenState(breaker.openDuration())
                .permittedNumberOfCallsInHalfOpenState(breaker.halfOpenCalls())
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .build();
    }
}
