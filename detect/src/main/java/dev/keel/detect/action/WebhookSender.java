package dev.keel.detect.action;

import dev.keel.detect.rule.ActionSpec;
import dev.keel.storage.Alert;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * POSTs an alert's JSON to a webhook through the target's circuit breaker. A 2xx answer is
 * delivered; another status, an I/O error or the timeout is a failure the breaker counts; an
 * open breaker rejects the call without touching the network. The timeout bounds the whole
 * exchange, the answer's body included, so an action-executor never waits longer than that.
 *
 * <p>Owns the HTTP client: {@link #close()} shuts it down at once. The component registers the
 * sender to be closed in its turn in the stop, after the action-executor pool has drained; a
 * request still running then (the drain deadline has passed) is aborted and counted undelivered,
 * like the actions still queued. ({@link HttpClient#close()} would instead wait, without bound,
 * for every exchange in flight.)
 */
public final class WebhookSender implements AutoCloseable {

    /** How one attempt ended. */
    public enum Outcome { DELIVERED, FAILED, REJECTED }

    /** The outcome, and for failures and rejections a few words on why. */
    public record Result(Outcome outcome, String detail) {}

    private final HttpClient client;
    private final TargetBreakers breakers;
    private final Duration defaultTimeout;
    private volatile boolean closed;

    /** @param client built with a lifecycle executor; this sender closes it */
    public WebhookSender(HttpClient client, TargetBreakers breakers, Duration defaultTimeout) {
        this.client = client;
        this.breakers = breakers;
        this.defaultTimeout = defaultTimeout;
    }

    public Result send(Alert alert, ActionSpec.Webhook webhook) throws InterruptedException {
        Duration timeout = webhook.timeout() != null ? webhook.timeout() : defaultTimeout;
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(webhook.url())
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "keel-detect")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(AlertJson.bytes(alert)))
                    .build();
        } catch (RuntimeException unbuildable) {
            // Before the breaker is asked: not the target's fault, and no permission to give back.
            return new Result(Outcome.FAILED, "request not built: " + unbuildable);
        }
        CircuitBreaker breaker = breakers.forTarget(webhook.target());
        if (!breaker.tryAcquirePermission()) {
            return new Result(Outcome.REJECTED, "circuit breaker " + breaker.getState());
        }
        long start = System.nanoTime();
        CompletableFuture<HttpResponse<Void>> exchange = null;
        try {
            exchange = client.sendAsync(request, HttpResponse.BodyHandlers.discarding());
            int status = exchange.get(timeout.toNanos(), TimeUnit.NANOSECONDS).statusCode();
            long took = System.nanoTime() - start;
            if (status / 100 == 2) {
                breaker.onSuccess(took, TimeUnit.NANOSECONDS);
                return new Result(Outcome.DELIVERED, null);
            }
            String why = "HTTP " + status;
            breaker.onError(took, TimeUnit.NANOSECONDS, new IOException(why));
            return new Result(Outcome.FAILED, why);
        } catch (TimeoutException slow) {
            exchange.cancel(true);
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, slow);
            return new Result(Outcome.FAILED, "no complete answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException | RuntimeException failed) {
            Throwable cause = failed instanceof ExecutionException ? failed.getCause() : failed;
            if (closed) {
                // Aborted by the stop, not by the target: not counted against it.
                breaker.releasePermission();
                return new Result(Outcome.REJECTED, "stopping: the webhook client is closed");
            }
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, cause);
            return new Result(Outcome.FAILED, String.valueOf(cause));
        } catch (InterruptedException stopping) {
            // Cut short by the stop deadline: not the target's fault, so not counted against it.
            if (exchange != null) {
                exchange.cancel(true);
            }
            breaker.releasePermission();
            throw stopping;
        }
    }

    /** Shuts the client down now, aborting any exchange still in flight; returns without waiting. */
    @Override
    public void close() {
        closed = true;
        client.shutdownNow();
    }
}
