package dev.keel.detect.action;

import dev.keel.detect.rule.ActionSpec;
import dev.keel.storage.Alert;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * POSTs an alert's JSON to a webhook through the target's circuit breaker. A 2xx answer is
 * delivered; another status, an I/O error or the timeout is a failure the breaker counts; an
 * open breaker rejects the call without touching the network.
 */
public final class WebhookSender {

    /** How one attempt ended. */
    public enum Outcome { DELIVERED, FAILED, REJECTED }

    /** The outcome, and for failures and rejections a few words on why. */
    public record Result(Outcome outcome, String detail) {}

    private final HttpClient client;
    private final TargetBreakers breakers;
    private final Duration defaultTimeout;

    /** @param client built with a lifecycle executor; its owner closes it */
    public WebhookSender(HttpClient client, TargetBreakers breakers, Duration defaultTimeout) {
        this.client = client;
        this.breakers = breakers;
        this.defaultTimeout = defaultTimeout;
    }

    public Result send(Alert alert, ActionSpec.Webhook webhook) throws InterruptedException {
        CircuitBreaker breaker = breakers.forTarget(webhook.target());
        if (!breaker.tryAcquirePermission()) {
            return new Result(Outcome.REJECTED, "circuit breaker " + breaker.getState());
        }
        HttpRequest request = HttpRequest.newBuilder(webhook.url())
                .timeout(webhook.timeout() != null ? webhook.timeout() : defaultTimeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "keel-detect")
                .POST(HttpRequest.BodyPublishers.ofByteArray(AlertJson.bytes(alert)))
                .build();
        long start = System.nanoTime();
        try {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            long took = System.nanoTime() - start;
            if (response.statusCode() / 100 == 2) {
                breaker.onSuccess(took, TimeUnit.NANOSECONDS);
                return new Result(Outcome.DELIVERED, null);
            }
            String why = "HTTP " + response.statusCode();
            breaker.onError(took, TimeUnit.NANOSECONDS, new IOException(why));
            return new Result(Outcome.FAILED, why);
        } catch (IOException | RuntimeException failure) {
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, failure);
            return new Result(Outcome.FAILED, failure.toString());
        } catch (InterruptedException stopping) {
            // Cut short by the stop deadline: not the target's fault, so not counted against it.
            breaker.releasePermission();
            throw stopping;
        }
    }
}
