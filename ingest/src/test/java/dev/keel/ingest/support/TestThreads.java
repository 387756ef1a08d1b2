package dev.keel.ingest.support;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs a test's body on a thread of its own without losing what it throws. */
public final class TestThreads {

    private TestThreads() {}

    /** A body for a test thread; whatever it throws completes its future exceptionally. */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    /** A started test thread and the future its end completes. */
    public record Started(Thread thread, CompletableFuture<Void> ended) {

        /** Waits up to {@code patience} for the end, failing the test with the body's failure or the overrun. */
        public void join(Duration patience) throws InterruptedException {
            try {
                ended.get(patience.toNanos(), TimeUnit.NANOSECONDS);
            } catch (ExecutionException failed) {
                throw new AssertionError("thread " + thread.getName() + " failed", failed.getCause());
            } catch (TimeoutException stillRunning) {
                throw new AssertionError("thread " + thread.getName() + " did not end within " + patience);
            }
        }
    }

    /**
     * Starts {@code body} on a platform daemon thread named {@code name} (as given: a test may need a
     * worker's name); the returned future completes when the body returns, exceptionally with what it threw.
     */
    public static Started start(String name, Body body) {
        CompletableFuture<Void> ended = new CompletableFuture<>();
        Thread thread = Thread.ofPlatform().daemon().name(name).unstarted(() -> {
            try {
                body.run();
                ended.complete(null);
            } catch (Throwable failure) {
                ended.completeExceptionally(failure);
            }
        });
        thread.start();
        return new Started(thread, ended);
    }
}
