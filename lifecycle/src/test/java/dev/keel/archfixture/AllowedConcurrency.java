package dev.keel.archfixture;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** Concurrency the rule allows: async work on an executor handed in, sequential streams. */
@SuppressWarnings("unused")
public final class AllowedConcurrency {

    long onGivenExecutor(Executor executor, List<Integer> list) {
        CompletableFuture.supplyAsync(() -> 1, executor).thenApplyAsync(x -> x + 1, executor);
        return list.stream().count();
    }

    boolean inspectsThreads() {
        return Thread.currentThread().isVirtual();
    }
}
