package dev.keel.archfixture;

import java.util.List;
import java.util.Timer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.springframework.scheduling.annotation.Async;

/** One method per forbidden way to launch a thread; the rule must flag each. */
@SuppressWarnings("unused")
public final class RawThreadLaunches {

    void newThread() {
        new Thread(() -> {}).start();
    }

    void threadSubclass() {
        new Thread() {}.start();
    }

    void ofVirtual() {
        Thread.ofVirtual().start(() -> {});
    }

    void ofPlatform() {
        Thread.ofPlatform().start(() -> {});
    }

    void startVirtualThread() {
        Thread.startVirtualThread(() -> {});
    }

    void executors() {
        Executors.newFixedThreadPool(2);
    }

    void threadPoolExecutor() {
        new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
    }

    void scheduledThreadPoolExecutor() {
        new ScheduledThreadPoolExecutor(1);
    }

    void forkJoinPool() {
        new ForkJoinPool();
    }

    void commonPool() {
        ForkJoinPool.commonPool().execute(() -> {});
    }

    void supplyAsync() {
        CompletableFuture.supplyAsync(() -> 1);
    }

    void thenApplyAsync(CompletableFuture<Integer> future) {
        future.thenApplyAsync(x -> x);
    }

    void timer() {
        new Timer();
    }

    void parallelStream(List<Integer> list) {
        list.parallelStream().count();
    }

    void parallel(List<Integer> list) {
        list.stream().parallel().count();
    }

    @Async
    void asyncMethod() {}
}
