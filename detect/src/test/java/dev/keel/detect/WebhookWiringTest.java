package dev.keel.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

class WebhookWiringTest {

    @Test
    void aTaskTheLifecycleExecutorRefusesRunsOnTheCallersThreadNotOnTheCommonPool() {
        Executor refusing = task -> {
            throw new RejectedExecutionException("detect is stopping; executor webhook-http is closed");
        };
        List<Thread> ranOn = new ArrayList<>();

        WebhookWiring.inlineWhenRefused(refusing).execute(() -> ranOn.add(Thread.currentThread()));

        assertThat(ranOn).containsExactly(Thread.currentThread());
    }

    @Test
    void aTaskTheExecutorTakesRunsThere() {
        List<Runnable> taken = new ArrayList<>();
        boolean[] ran = {false};

        WebhookWiring.inlineWhenRefused(taken::add).execute(() -> ran[0] = true);

        assertThat(taken).hasSize(1);
        assertThat(ran[0]).as("not run inline when the executor took it").isFalse();
    }
}
