package dev.keel.detect.action;

import dev.keel.detect.engine.RaisedAlert;
import dev.keel.detect.metrics.DetectMetrics;
import dev.keel.detect.rule.ActionSpec;
import dev.keel.lifecycle.Admission;
import dev.keel.lifecycle.WorkQueue;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out rule actions for one component generation. Matchers {@link #submit} without
 * ever waiting: a full (or closed) action queue makes the action undelivered, counted and
 * logged. The action-executor pool {@link #execute}s what is queued; what it cannot finish by
 * the stop deadline reaches {@link #undelivered} through the pool's rescue. Every action ends
 * counted in {@code keel.detect.actions} as delivered, failed or undelivered.
 */
public final class ActionDispatcher {

    private static final Logger log = LoggerFactory.getLogger(ActionDispatcher.class);
    private static final Logger alerts = LoggerFactory.getLogger("dev.keel.detect.alerts");

    private final String component;
    private final WorkQueue<ActionTask> queue;
    private final WebhookSender webhooks;
    private final DetectMetrics metrics;
    private final RateLimitedLog throttle = new RateLimitedLog(Duration.ofSeconds(10));

    public ActionDispatcher(String component, WorkQueue<ActionTask> queue, WebhookSender webhooks,
            DetectMetrics metrics) {
        this.component = component;
        this.queue = queue;
        this.webhooks = webhooks;
        this.metrics = metrics;
    }

    /** Queues the alert's actions; never waits. */
    public void submit(RaisedAlert raised) {
        for (ActionSpec spec : raised.actions()) {
            Admission admission = queue.offer(new ActionTask(raised.alert(), spec));
            if (!admission.accepted()) {
                metrics.action(spec.type(), "undelivered");
                long skipped = throttle.permit("queue");
                if (skipped >= 0) {
                    log.warn("{}/matcher: action queue {} ({} of {}): {} action of alert {} (rule {}) undelivered{}",
                            component, admission == Admission.FULL ? "full" : "closed", queue.size(), queue.capacity(),
                            spec.type(), raised.alert().alertId(), raised.alert().ruleId(), more(skipped));
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
            log.error("{}/action-executor: {} action for alert {} (rule {}) failed", component, task.spec().type(),
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
        long skipped = throttle.permit(webhook.target());
        if (skipped >= 0) {
            log.warn("{}/action-executor: webhook {} {} for alert {} (rule {}){}", component, webhook.url(), what,
                    task.alert().alertId(), task.alert().ruleId(), more(skipped));
        }
    }

    /** The pool's rescue: actions left at the stop deadline (or whose execution threw). */
    public void undelivered(List<ActionTask> tasks, Throwable cause) {
        for (ActionTask task : tasks) {
            metrics.action(task.spec().type(), "undelivered");
        }
        log.warn("{}/action-executor: {} actions undelivered ({}): {}", component, tasks.size(), cause.toString(),
                tasks.stream().map(t -> t.spec().type() + " for alert " + t.alert().alertId()).toList());
    }

    public int queued() {
        return queue.size();
    }

    private static String more(long skipped) {
        return skipped > 0 ? " (and " + skipped + " similar since the last such line)" : "";
    }
}
