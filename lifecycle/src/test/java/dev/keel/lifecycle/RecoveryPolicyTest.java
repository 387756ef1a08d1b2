package dev.keel.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RecoveryPolicyTest {

    private final RecoveryPolicy.Restart policy = RecoveryPolicy.restart()
            .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(10));

    @Test
    void backoffDoublesFromTheInitialDelay() {
        assertThat(policy.backoff(1, 1.0)).isEqualTo(Duration.ofMillis(100));
        assertThat(policy.backoff(2, 1.0)).isEqualTo(Duration.ofMillis(200));
        assertThat(policy.backoff(5, 1.0)).isEqualTo(Duration.ofMillis(1600));
    }

    @Test
    void backoffIsCappedEvenAfterVeryManyFailures() {
        assertThat(policy.backoff(20, 1.0)).isEqualTo(Duration.ofSeconds(10));
        assertThat(policy.backoff(10_000, 1.0)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void jitterKeepsHalfOfTheStepFixed() {
        assertThat(policy.backoff(2, 0.0)).isEqualTo(Duration.ofMillis(100));
        assertThat(policy.backoff(2, 0.5)).isEqualTo(Duration.ofMillis(150));
    }

    @Test
    void budgetAllowsMaxRestartsWithinTheWindowThenRefuses() {
        RestartBudget budget = new RestartBudget(policy.withBudget(3, Duration.ofSeconds(10)));
        long t0 = 1_000_000_000L;
        assertThat(budget.tryTake(t0)).isTrue();
        assertThat(budget.tryTake(t0 + 1)).isTrue();
        assertThat(budget.tryTake(t0 + 2)).isTrue();
        assertThat(budget.tryTake(t0 + 3)).isFalse();
    }

    @Test
    void budgetSlidesSoOldRestartsStopCounting() {
        RestartBudget budget = new RestartBudget(policy.withBudget(2, Duration.ofSeconds(10)));
        long t0 = 0;
        long second = Duration.ofSeconds(1).toNanos();
        assertThat(budget.tryTake(t0)).isTrue();
        assertThat(budget.tryTake(t0 + 5 * second)).isTrue();
        assertThat(budget.tryTake(t0 + 9 * second)).isFalse();
        assertThat(budget.tryTake(t0 + 10 * second)).as("the first restart left the window").isTrue();
        assertThat(budget.tryTake(t0 + 11 * second)).isFalse();
    }

    @Test
    void rejectsACapBelowTheInitialDelay() {
        assertThatThrownBy(() -> policy.withBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
