package dev.keel.archfixture;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Each way of sleeping that {@link dev.keel.lifecycle.testing.TestSleepRules} must catch. */
public final class Sleepers {

    void threadSleep() throws InterruptedException {
        Thread.sleep(1);
    }

    void threadSleepDuration() throws InterruptedException {
        Thread.sleep(Duration.ofMillis(1));
    }

    void timeUnitSleep() throws InterruptedException {
        TimeUnit.MILLISECONDS.sleep(1);
    }

    void timedPark() {
        LockSupport.parkNanos(1_000);
    }

    Runnable lambdaSleep() {
        return () -> {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    /** A nested class belongs to its outer class's entry in the allow-list. */
    public static final class Nested {
        void nestedSleep() throws InterruptedException {
            Thread.sleep(1);
        }
    }
}
