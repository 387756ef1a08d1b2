package dev.keel.detect.action;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.detect.rule.ActionSpec;
import dev.keel.storage.Alert;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookSenderTest {

    private final TargetBreakers breakers = new TargetBreakers("detect",
            new TargetBreakers.Settings(50, 10, 5, Duration.ofSeconds(30), 1, Duration.ofMinutes(10)),
            new SimpleMeterRegistry(), System::currentTimeMillis);

    @Test
    void aRequestThatCannotBeBuiltNeverTakesTheBreakersPermission() throws Exception {
        ActionSpec.Webhook unsendable = new ActionSpec.Webhook(URI.create("ftp://hooks.example.org/keel"), null);
        CircuitBreaker breaker = breakers.forTarget(unsendable.target());
        breaker.transitionToOpenState();
        breaker.transitionToHalfOpenState(); // one trial call is allowed now
        Alert alert = new Alert("a1", "r1", "Rule", "high", 1L, "", List.of("e1"), "summary");

        try (WebhookSender sender = new WebhookSender(HttpClient.newBuilder().executor(Runnable::run).build(),
                breakers, Duration.ofSeconds(1))) {
            WebhookSender.Result result = sender.send(alert, unsendable);

            assertThat(result.outcome()).isEqualTo(WebhookSender.Outcome.FAILED);
            assertThat(result.detail()).contains("request not built");
        }
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(breaker.tryAcquirePermission()).as("the trial call is still there to be made").isTrue();
    }
}
