package dev.keel.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkQueueTest {

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
        Future<Integer> taken = helpers.submit(queue::take);
        Future<List<Integer>> batch = helpers.submit(() -> queue.takeBatch(10, Duration.ofSeconds(30)));
        queue.close();
        assertThat(taken.get()).isNull();
        assertThat(batch.get()).isEmpty();
    }

    @Test
    void anInterruptWhileFillingABatchHandsOverWhatWasClaimedWithTheFlagSet() throws Exception {
        WorkQueue<Integer> queue = new WorkQueue<>("q", 100);
        queue.offerAll(List.of(1, 2, 3));
        CompletableFuture<Thread> consumer = new CompletableFuture<>();
        Future<List<Object>> batch = helpers.submit(() -> {
            consumer.complete(Thread.currentThread());
            List<Integer> claimed = queue.takeBatch(10, Duration.ofHours(1));
            return List.of(claimed, Thread.currentThread().isInterrupted());
        });
        // Claimed, and waiting an hour for seven more.
        await().atMost(Duration.ofSeconds(30)).until(() -> queue.size() == 0
                && consumer.join().getState() == Thread.State.TIMED_WAITING);

        consumer.join().interrupt();

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
        Future<List<Integer>> batch = helpers.submit(() -> queue.takeBatch(3, Duration.ofHours(1)));
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
        Future<List<Integer>> batch = helpers.submit(() -> queue.takeBatch(2, 10, Duration.ofHours(1)));
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
            total += consumer.get();
        }
        assertThat(total).isEqualTo(items);
    }

    @Test
    void offerWithWaitSucceedsOnceAConsumerMakesRoom() throws Exception {
        WorkQueue<Integer> queue = new WorkQueue<>("q", 2);
        queue.offerAll(List.of(1, 2));
        Future<Admission> waiting = helpers.submit(() -> queue.offerAll(List.of(3, 4), Duration.ofSeconds(60)));
        await().atMost(Duration.ofSeconds(30)).until(() -> !waiting.isDone());
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
        Future<Admission> waiting = helpers.submit(() -> queue.offer(2, Duration.ofMinutes(5)));
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
        CompletableFuture.allOf(produced.toArray(CompletableFuture[]::new)).get();
        queue.close();
        List<Integer> all = new ArrayList<>();
        for (Future<List<Integer>> f : consumed) {
            all.addAll(f.get());
        }
        assertThat(all).hasSize(producers * perProducer).doesNotHaveDuplicates();
    }

    @Test
    void rejectsANonPositiveCapacityNamingTheQueue() {
        assertThatThrownBy(() -> new WorkQueue<>("events", 0)).hasMessageContaining("events");
    }
}
