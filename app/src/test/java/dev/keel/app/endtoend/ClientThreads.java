package dev.keel.app.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The test's own client threads (HTTP and syslog senders): named platform threads, so that the
 * leak check can tell them apart, joined with a deadline, and any unexpected failure of theirs
 * handed back to the test instead of vanishing with the thread.
 */
final class ClientThreads {

    /** A client's body; returning normally is the client's ordinary end. */
    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    private final List<Thread> threads = new ArrayList<>();
    private final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();

    void start(String name, Body body) {
        threads.add(Thread.ofPlatform().name(name).daemon().start(() -> {
            try {
                body.run();
            } catch (Throwable failure) {
                failures.add(failure);
            }
        }));
    }

    /** Waits for every client to end on its own; fails if one is still running or failed. */
    void awaitEnd(Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        for (Thread thread : threads) {
            thread.join(Duration.ofNanos(Math.max(1, end - System.nanoTime())));
        }
        assertThat(threads).as("client threads still running %s after they were told to end", deadline)
                .noneMatch(Thread::isAlive);
        if (!failures.isEmpty()) {
            AssertionError error = new AssertionError(failures.size() + " client thread(s) failed");
            failures.forEach(error::addSuppressed);
            throw error;
        }
    }
}
