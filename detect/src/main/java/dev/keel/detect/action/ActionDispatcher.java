package dev.keel.detect.action;

import dev.keel.detect.metrics.DetectMetrics;
import dev.keel.detect.metrics.LogThrottle;
import dev.keel.detect.rule.ActionSpec;
import dev.keel.lifecycle.Admission;
import dev.keel.lifecycle.WorkQueue;
import dev.keel.storage.Alert;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out rule actions for one component generation. Matchers (and the sweeper) {@link #submit}
 * without ever waiting: a full (or closed) action queue makes the action undelivered, counted and
 * logged. The action-executor pool {@link #execute}s what is queued; what it cannot finish by
 * the stop deadline reaches {@link #undelivered} through the pool's rescue. Every action ends
 * counted in {@code keel.detect.actions} as delivered, failed or undelivered.
 */
public final class ActionDispatcher {

    private static final Logger log = LoggerFactory.getLogger(ActionDispatcher.class);
    private static final Logger alerts = LoggerFactory.getLogger("dev.keel.detect.alerts");
    private static final String EXECUTOR = "action-executor";

    private final String component;
    private final WorkQueue<ActionTask> queue;
    private final WebhookSender webhooks;
    private final DetectMetrics metrics;
    private final LogThrottle queueLog = new LogThrottle(Duration.ofSeconds(10));
    private final LogThrottle webhookLog = new LogThrottle(Duration.ofSeconds(10));

    public ActionDispatcher(String component, WorkQueue<ActionTask> queue, WebhookSender webhooks,
            DetectMetrics metrics) {
        this.component = component;
        this.queue = queue;
        this.webhooks = webhooks;
        this.metrics = metrics;
    }

    /** Queues the alert's actions; never waits. {@code worker} names the caller in log lines. */
    public void submit(Alert alert, List<ActionSpec> actions, String worker) {
        for (ActionSpec spec : actions) {
            Admission admission = queue.offer(new ActionTask(alert, spec));
            if (!admission.accepted()) {
                metrics.action(spec.type(), "undelivered");
                long heldBack = queueLog.permit();
                if (heldBack >= 0) {
                    log.warn("{}/{}: action queue {} ({} of {}): {} action of alert {} (rule {}) undelivered{}",
                            component, worker, admission == Admission.FULL ? "full" : "closed", queue.size(),
                            queue.capacity(), spec.type(), alert.alertId(), alert.ruleId(),
                            LogThrottle.heldBack(heldBack));
                }
            }
        }
    }

    /**
     * Runs one action on an action-executor worker. Only an interrupt (the stop deadline) escapes,
     * and the pool's rescue then counts the action undelivered; any other failure is counted here,
     * so a misbehaving action can never make the executor's recovery escalate.
     */
    public void execute(ActionTask task) throws InterruptedException {
        try {
            switch (task.spec()) {
                case ActionSpec.Log ignored -> {
                    alerts.info("alert {}", AlertJson.text(task.alert()));
                    metrics.action("log", "delivered");
                }
                case ActionSpec.Webhook webhook -> deliver(task, webhook);
            }
        } catch (RuntimeException failure) {
            metrics.action(task.spec().type(), "failed");
            log.error("{}/{}: {} action for alert {} (rule {}) failed", component, EXECUTOR, task.spec().type(),
                    task.alert().alertId(), task.alert().ruleId(), failure);
        }
    }

    private void deliver(ActionTask task, ActionSpec.Webhook webhook) throws InterruptedException {
        WebhookSender.Result result = webhooks.send(task.alert(), webhook);
        switch (result.outcome()) {
            case DELIVERED -> metrics.action("webhook", "delivered");
            case FAILED -> {
                metrics.action("webhook", "failed");
                report(webhook, "failed (" + result.detail() + ")", task);
            }
            case REJECTED -> {
                metrics.action("webhook", "undelivered");
                report(webhook, "not sent: " + result.detail(), task);
            }
        }
    }

    private void report(ActionSpec.Webhook webhook, String what, ActionTask task) {
        long heldBack = webhookLog.permit();
        if (heldBack >= 0) {
            log.warn("{}/{}: webhook {} {} for alert {} (rule {}){}", component, EXECUTOR, webhook.url(), what,
                    task.alert().alertId(), task.alert().ruleId(), LogThrottle.heldBack(heldBack));
        }
    }

    /** The pool's rescue: actions left at the stop deadline (or whose execution threw). */
    public void undelivered(List<ActionTask> tasks, Throwable cause) {
        for (ActionTask task : tasks) {
            metrics.action(task.spec().type(), "undelivered");
        }
        log.warn("{}/{}: {} actions undelivered ({}): {}", component, EXECUTOR, tasks.size(), cause.toString(),
                tasks.stream().map(t -> t.spec().type() + " for alert " + t.alert().alertId()).toList());
    }

    public int queued() {
        return queue.size();
    }
}
