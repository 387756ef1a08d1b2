package dev.keel.detect;

import dev.keel.detect.action.TargetBreakers;
import dev.keel.detect.action.WebhookSender;
import dev.keel.lifecycle.Workers;
import java.net.http.HttpClient;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * How a generation's webhooks sit in the lifecycle. The JDK {@link HttpClient} runs its
 * internal tasks on {@code workers.executor("webhook-http")}; the sender that owns the client is
 * registered to be closed in its turn. Both are created before the action-executor pool, so at
 * stop the pool drains with the client open and its executor taking tasks, then the client is
 * closed, then the executor drains.
 */
final class WebhookWiring {

    private WebhookWiring() {}

    static WebhookSender webhookSender(Workers workers, DetectProperties.Actions settings, TargetBreakers breakers) {
        HttpClient client = HttpClient.newBuilder()
                .executor(inlineWhenRefused(workers.executor("webhook-http")))
                .connectTimeout(settings.webhookTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        return workers.closeInTurn("webhook-client", new WebhookSender(client, breakers, settings.webhookTimeout()));
    }

    /**
     * Runs a task the executor refuses (its turn in the stop has come) on the caller's thread.
     * The JDK client would otherwise hand it to {@code ForkJoinPool.commonPool()}, a thread the
     * lifecycle neither tracks nor stops; its tasks are short and never block, so running one on
     * the client's own thread is safe.
     */
    static Executor inlineWhenRefused(Executor executor) {
        return task -> {
            try {
                executor.execute(task);
            } catch (RejectedExecutionException refused) {
                task.run();
            }
        };
    }

    static TargetBreakers.Settings breakerSettings(DetectProperties.Breaker breaker) {
        return new TargetBreakers.Settings(breaker.failureRateThreshold(), breaker.slidingWindowSize(),
                breaker.minimumCalls(), breaker.openDuration(), breaker.halfOpenCalls(), breaker.idleTimeout());
    }
}
