package dev.keel.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.lifecycle.testing.Stacks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkQueueTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final ExecutorService helpers = Executors.newCachedThreadPool();

    @AfterEach
    void stopHelpers() {
        helpers.shutdownNow();
    }

    @Test
    void offerAllIsAllOrNothing() {
        WorkQueue<Integer> queue = new WorkQueue<>("q", 5);
        assertThat(queue.offerAll(List.of(1, 2, 3))).isEqualTo(Admission.ACCEPTED);
        assertThat(queue.offerAll(List.of(4, 5, 6))).isEqualTo(Admission.FULL);
        assertThat(queue.size()).isEqualTo(3);
        assertThat(queue.offerAll(List.of(4, 5))).isEqualTo(Admission.ACCEPTED);
        assertThat(queue.offer(6)).isEqualTo(Admission.FULL);
        assertThat(queue.drainAll()).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void aBatchWithANullQueuesNothing() {
        WorkQueue<Integer> queue = new WorkQueue<>("q", 5);
        assertThatThrownBy(() -> queue.offerAll(Arrays.asList(1, null, 3))).isInstanceOf(NullPointerException.class);
        assertThat(queue.size()).isZero();
    }

    @Test
    void aClosedQueueRefusesNewItemsButHandsOutWhatItHolds() throws Exception {
        WorkQueue<Integer> queue = new WorkQueue<>("q", 5);
        queue.offerAll(List.of(1, 2));
        queue.close();
        assertThat(queue.offer(3)).isEqualTo(Admission.CLOSED);
        assertThat(queue.offerAll(List.of(3))).isEqualTo(Admission.CLOSED);
        assertThat(queue.take()).isEqualTo(1);
        assertThat(queue.takeBatch(10, Duration.ofSeconds(30))).containsExactly(2);
        assertThat(queue.take()).isNull();
        assertThat(queue.takeBatch(10, Duration.ofSeconds(30))).isEmpty();
    }

    @Test
    void closeWakesAConsumerWaitingOnAnEmptyQueue() throws Exception {
        WorkQueue<Integer> queue = new WorkQueue<>("q", 5);
        Helper<Integer> taken = helper(queue::take);
        Helper<List<Integer>> batch = helper(() -> queue.takeBatch(10, Duration.ofHours(1)));
        taken.awaitWaitingIn("take");
        batch.awaitWaitingIn("takeBatch");
        queue.close();
        assertThat(taken.get()).isNull();
        assertThat(batch.get()).isEmpty();
    }

    @Test
    void anInterruptWhileFillingABatchHandsOverWhatWasClaimedWithTheFlagSet() throws Exception {
        WorkQueue<Integer> queue = new WorkQueue<>("q", 100);
        queue.offerAll(List.of(1, 2, 3));
        Helper<List<Object>> batch = helper(() -> {
            List<Integer> claimed = queue.takeBatch(10, Duration.ofHours(1));
            return List.of(claimed, Thread.currentThread().isInterrupted());
        });
        // Claimed, and waiting an hour for seven more.
        batch.awaitWaitingIn("takeBatch");
        assertThat(queue.size()).isZero();

        batch.thread().interrupt();

        assertThat(batch.get()).containsExactly(List.of(1, 2, 3), true);
    }

    @Test
    void takeBatchReturnsAsSoonAsTheBatchIsFull() throws Exception {
        WorkQueue<Integer> queue = new WorkQueue<>("q", 100);
        queue.offerAll(List.of(1, 2, 3, 4, 5));
        // maxAge is an hour: only the size bound can end this call.
        assertThat(queue.takeBatch(3, Duration.ofHours(1))).containsExactly(1, 2, 3);
        assertThat(queue.size()).isEqualTo(2);
    }

    @Test
    void takeBatchReturnsAPartialBatchOnceItsAgeIsReached() throws Exception {
        WorkQueue<Integer> queue = new WorkQueue<>("q", 100);
        queue.offer(1);
        assertThat(queue.takeBatch(1000, Duration.ofMillis(50))).containsExactly(1);
    }

    @Test
    void takeBatchCollectsItemsArrivingWithinItsAge() throws Exception {
        WorkQueue<Integer> queue = new WorkQueue<>("q", 100);
        Helper<List<Integer>> batch = helper(() -> queue.takeBatch(3, Duration.ofHours(1)));
        batch.awaitWaitingIn("takeBatch");
        queue.offer(1);
        queue.offer(2);
        queue.offer(3);
        assertThat(batch.get()).containsExactly(1, 2, 3);
    }

    @Test
    void takeBatchWithAFlushThresholdTakesEverythingQueuedUpToItsMaximum() throws Exception {
        WorkQueue<Integer> queue = new WorkQueue<>("q", 100);
        queue.offerAll(List.of(1, 2, 3, 4, 5, 6, 7));
        // Threshold reached at once: takes all that is queued, up to the maximum, without waiting an hour.
        assertThat(queue.takeBatch(3, 5, Duration.ofHours(1))).containsExactly(1, 2, 3, 4, 5);
        assertThat(queue.takeBatch(3, 5, Duration.ofMillis(20))).as("below the threshold: after maxAge")
                .containsExactly(6, 7);
    }

    @Test
    void takeBatchWithAFlushThresholdReturnsOnceTheThresholdArrives() throws Exception {
        WorkQueue<Integer> queue = new WorkQueue<>("q", 100);
        Helper<List<Integer>> batch = helper(() -> queue.takeBatch(2, 10, Duration.ofHours(1)));
        batch.awaitWaitingIn("takeBatch");
        queue.offer(1);
        queue.offer(2);
        assertThat(batch.get()).containsExactly(1, 2);
    }

    @Test
    void competingConsumersNeverGetAnEmptyBatchFromAnOpenQueue() throws Exception {
        WorkQueue<Integer> queue = new WorkQueue<>("q", 10_000);
        int items = 20_000;
        List<Future<Integer>> consumers = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            consumers.add(helpers.submit(() -> {
                int taken = 0;
                while (true) {
                    List<Integer> batch = queue.takeBatch(10, 100, Duration.ofMillis(2));
                    if (batch.isEmpty()) {
                        assertThat(queue.isClosed()).as("an empty batch means closed and empty").isTrue();
                        return taken;
                    }
                    taken += batch.size();
                }
            }));
        }
        for (int i = 0; i < items; i++) {
            assertThat(queue.offer(i, Duration.ofMinutes(1))).isEqualTo(Admission.ACCEPTED);
        }
        queue.close();
        int total = 0;
        for (Future<Integer> consumer : consumers) {
            total += consumer.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        }
        assertThat(total).isEqualTo(items);
    }

    @Test
    void offerWithWaitSucceedsOnceAConsumerMakesRoom() throws Exception {
        WorkQueue<Integer> queue = new WorkQueue<>("q", 2);
        queue.offerAll(List.of(1, 2));
        Helper<Admission> waiting = helper(() -> queue.offerAll(List.of(3, 4), Duration.ofMinutes(5)));
        waiting.awaitWaitingIn("offerAll");
        assertThat(queue.drainAll()).containsExactly(1, 2);
        assertThat(waiting.get()).isEqualTo(Admission.ACCEPTED);
        assertThat(queue.drainAll()).containsExactly(3, 4);
    }

    @Test
    void offerWithWaitAnswersFullWhenNoRoomComes() throws Exception {
        WorkQueue<Integer> queue = new WorkQueue<>("q", 1);
        queue.offer(1);
        assertThat(queue.offer(2, Duration.ofMillis(20))).isEqualTo(Admission.FULL);
        assertThat(queue.offerAll(List.of(1, 2, 3), Duration.ofSeconds(60)))
                .as("a batch larger than the capacity can never fit, so it does not wait")
                .isEqualTo(Admission.FULL);
    }

    @Test
    void closeWakesAProducerWaitingForRoom() throws Exception {
        WorkQueue<Integer> queue = new WorkQueue<>("q", 1);
        queue.offer(1);
        Helper<Admission> waiting = helper(() -> queue.offer(2, Duration.ofMinutes(5)));
        waiting.awaitWaitingIn("offerAll");
        queue.close();
        assertThat(waiting.get()).isEqualTo(Admission.CLOSED);
    }

    @Test
    void manyProducersAndConsumersLoseAndDuplicateNothing() throws Exception {
        WorkQueue<Integer> queue = new WorkQueue<>("q", 64);
        int producers = 4;
        int perProducer = 20_000;
        List<CompletableFuture<Void>> produced = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int base = p * perProducer;
            produced.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < perProducer; i++) {
                    try {
                        assertThat(queue.offer(base + i, Duration.ofMinutes(1))).isEqualTo(Admission.ACCEPTED);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }, helpers));
        }
        List<Future<List<Integer>>> consumed = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            consumed.add(helpers.submit(() -> {
                List<Integer> mine = new ArrayList<>();
                for (List<Integer> b = queue.takeBatch(50, Duration.ofMillis(5)); !b.isEmpty();
                        b = queue.takeBatch(50, Duration.ofMillis(5))) {
                    mine.addAll(b);
                }
                return mine;
            }));
        }
        CompletableFuture.allOf(produced.toArray(CompletableFuture[]::new)).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        queue.close();
        List<Integer> all = new ArrayList<>();
        for (Future<List<Integer>> f : consumed) {
            all.addAll(f.get(PATIENCE.toSeconds(), TimeUnit.SECONDS));
        }
        assertThat(all).hasSize(producers * perProducer).doesNotHaveDuplicates();
    }

    @Test
    void rejectsANonPositiveCapacityNamingTheQueue() {
        assertThatThrownBy(() -> new WorkQueue<>("events", 0)).hasMessageContaining("events");
    }

    /** Runs {@code call} on a helper thread, known once the call has begun. */
    private <T> Helper<T> helper(Callable<T> call) throws Exception {
        CompletableFuture<Thread> thread = new CompletableFuture<>();
        Future<T> result = helpers.submit(() -> {
            thread.complete(Thread.currentThread());
            return call.call();
        });
        return new Helper<>(thread.get(PATIENCE.toSeconds(), TimeUnit.SECONDS), result);
    }

    private record Helper<T>(Thread thread, Future<T> result) {

        /** Waits until the helper waits in the queue's {@code method}: what the test does next wakes it. */
        void awaitWaitingIn(String method) {
            Stacks.awaitWaitingIn(thread, WorkQueue.class, method);
        }

        T get() throws Exception {
            return result.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        }
    }
}
