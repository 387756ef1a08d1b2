package dev.keel.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keel.lifecycle.testing.LeakCheck;
import java.io.Closeable;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Loops see the stop signal; blocking calls that ignore interrupts end because their sources close. */
class CancellationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @RegisterExtension
    LeakCheck leaks = LeakCheck.create();

    @Test
    void aLoopExitsAtTheNextIterationAfterStop() {
        AtomicInteger iterations = new AtomicInteger();
        TestComponent component = TestComponent.of("looping", workers ->
                workers.worker("spinner").loop(ctx -> iterations.incrementAndGet()));
        component.start();
        await().atMost(PATIENCE).until(() -> iterations.get() > 100);
        assertThat(component.stop().clean()).isTrue();
        int atStop = iterations.get();
        assertThat(WorkerRegistry.shared().snapshot("looping")).isEmpty();
        assertThat(iterations.get()).isEqualTo(atStop);
    }

    @Test
    void aTickerWakesFromItsWaitAtStop() {
        TestComponent component = TestComponent.of("ticking", workers ->
                workers.worker("hourly").every(Duration.ofHours(1), ctx -> {}));
        component.start();
        StopOutcome outcome = component.stop();
        assertThat(outcome.clean()).isTrue();
        assertThat(outcome.duration()).as("not the hour, nor the drain deadline").isLessThan(Duration.ofSeconds(4));
    }

    @ParameterizedTest
    @EnumSource(WorkerKind.class)
    void aThreadBlockedInServerSocketAcceptEndsOnStop(WorkerKind kind) throws Exception {
        CountDownLatch listening = new CountDownLatch(1);
        AtomicInteger accepted = new AtomicInteger();
        ServerSocket[] server = new ServerSocket[1];
        TestComponent component = TestComponent.of("acceptor-" + kind, workers ->
                workers.worker("acceptor").kind(kind).task(ctx -> {
                    server[0] = ctx.closeOnStop(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
                    listening.countDown();
                    while (!ctx.stopRequested()) {
                        try (Socket client = server[0].accept()) {
                            accepted.incrementAndGet();
                        }
                    }
                }));
        component.start();
        listening.await();
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), server[0].getLocalPort())) {
            await().atMost(PATIENCE).until(() -> accepted.get() == 1);
        }
        StopOutcome outcome = component.stop();
        assertThat(outcome.clean()).isTrue();
        assertThat(outcome.duration()).as("ended by closing, not by the drain deadline").isLessThan(Duration.ofSeconds(4));
        assertThat(server[0].isClosed()).isTrue();
        assertThat(component.counter(LifecycleMetrics.WORKER_FAILURES, "worker", "acceptor"))
                .as("the SocketException from the closed socket is the expected end, not a failure").isZero();
    }

    @ParameterizedTest
    @EnumSource(WorkerKind.class)
    void aThreadBlockedInDatagramSocketReceiveEndsOnStop(WorkerKind kind) throws Exception {
        CountDownLatch receiving = new CountDownLatch(1);
        TestComponent component = TestComponent.of("receiver-" + kind, workers ->
                workers.worker("udp").kind(kind).loop(ctx -> {
                    DatagramSocket socket = ctx.closeOnStop(new DatagramSocket(0, InetAddress.getLoopbackAddress()));
                    receiving.countDown();
                    socket.receive(new DatagramPacket(new byte[512], 512));
                }));
        component.start();
        receiving.await();
        StopOutcome outcome = component.stop();
        assertThat(outcome.clean()).isTrue();
        assertThat(outcome.duration()).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void aThreadBlockedOnAWatchServiceEndsOnStop(@TempDir Path dir) throws Exception {
        CountDownLatch watching = new CountDownLatch(1);
        TestComponent component = TestComponent.of("watcher", workers ->
                workers.worker("rules-watch").task(ctx -> {
                    WatchService watch = ctx.closeOnStop(FileSystems.getDefault().newWatchService());
                    dir.register(watch, StandardWatchEventKinds.ENTRY_MODIFY);
                    watching.countDown();
                    while (true) {
                        watch.take().reset();
                    }
                }));
        component.start();
        watching.await();
        StopOutcome outcome = component.stop();
        assertThat(outcome.clean()).isTrue();
        assertThat(outcome.duration()).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void aWorkerIgnoringTheSignalIsInterruptedAtTheDrainDeadline() {
        AtomicBoolean interrupted = new AtomicBoolean();
        TestComponent component = TestComponent.of("interrupted", Duration.ofMillis(500), workers ->
                workers.worker("sleeper").task(ctx -> {
                    try {
                        Thread.sleep(Duration.ofMinutes(5));
                    } catch (InterruptedException e) {
                        interrupted.set(true);
                    }
                }));
        component.start();
        StopOutcome outcome = component.stop();
        assertThat(outcome.clean()).isTrue();
        assertThat(interrupted).isTrue();
    }

    @Test
    void resourcesForDrainingAreClosedOnlyAtCancelOrWhenTheWorkerEnds() throws Exception {
        AtomicBoolean clientClosed = new AtomicBoolean();
        AtomicBoolean closedWhileDraining = new AtomicBoolean(true);
        Closeable client = () -> clientClosed.set(true);
        CountDownLatch registered = new CountDownLatch(1);
        TestComponent component = TestComponent.of("sink-client", workers ->
                workers.worker("writer").task(ctx -> {
                    ctx.closeOnCancel(client);
                    registered.countDown();
                    ctx.awaitStop(Duration.ofMinutes(1));
                    closedWhileDraining.set(clientClosed.get()); // the last flush still has its client
                }));
        component.start();
        registered.await();
        assertThat(component.stop().clean()).isTrue();
        assertThat(closedWhileDraining).isFalse();
        assertThat(clientClosed).as("closed when the worker ended").isTrue();
    }

    @Test
    void aSourceRegisteredAfterStopBeganIsClosedAtOnce() throws Exception {
        AtomicBoolean closed = new AtomicBoolean();
        CountDownLatch stopSeen = new CountDownLatch(1);
        CountDownLatch registered = new CountDownLatch(1);
        TestComponent component = TestComponent.of("late-source", workers ->
                workers.worker("late").task(ctx -> {
                    ctx.awaitStop(Duration.ofMinutes(1));
                    stopSeen.countDown();
                    ctx.closeOnStop(() -> closed.set(true));
                    registered.countDown();
                }));
        component.start();
        component.stop();
        assertThat(stopSeen.getCount()).isZero();
        assertThat(registered.getCount()).isZero();
        assertThat(closed).isTrue();
    }

    @Test
    void launchingAfterStopBeganIsRefused() throws Exception {
        CountDownLatch stopping = new CountDownLatch(1);
        AtomicBoolean refused = new AtomicBoolean();
        TestComponent component = TestComponent.of("late-launch", workers -> {
            Workers launcher = workers;
            workers.worker("spawner").task(ctx -> {
                ctx.awaitStop(Duration.ofMinutes(1));
                try {
                    launcher.worker("too-late").task(c -> {});
                } catch (java.util.concurrent.RejectedExecutionException expected) {
                    refused.set(true);
                }
            });
        });
        component.start();
        component.stop();
        assertThat(refused).isTrue();
        assertThat(stopping.getCount()).isEqualTo(1);
    }

    @Test
    void anExecutorRunsTasksAsTrackedVirtualWorkers() throws Exception {
        java.util.concurrent.Executor[] executor = new java.util.concurrent.Executor[1];
        TestComponent component = TestComponent.of("with-executor", workers -> executor[0] = workers.executor("http-client"));
        component.start();
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        executor[0].execute(() -> {
            running.countDown();
            try {
                finish.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        running.await();
        assertThat(WorkerRegistry.shared().snapshot("with-executor")).singleElement().satisfies(worker -> {
            assertThat(worker.name()).isEqualTo("http-client");
            assertThat(worker.kind()).isEqualTo(WorkerKind.VIRTUAL);
        });
        finish.countDown();
        component.stop();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> executor[0].execute(() -> {}))
                .isInstanceOf(java.util.concurrent.RejectedExecutionException.class)
                .hasMessageContaining("with-executor");
    }

    @Test
    void anExecutorKeepsTakingTasksWhileTheStagesLaunchedAfterItDrain() {
        List<Integer> delivered = new CopyOnWriteArrayList<>();
        WorkQueue<Integer>[] queue = new WorkQueue[1];
        TestComponent component = TestComponent.of("executor-drain", workers -> {
            java.util.concurrent.Executor client = workers.executor("client");
            queue[0] = workers.queue("outbox", 1000);
            workers.worker("sender").pool(1, queue[0]).each(item -> {
                // Like an HTTP client running its exchange on the executor during the drain.
                var done = new java.util.concurrent.CompletableFuture<Void>();
                client.execute(() -> {
                    delivered.add(item);
                    done.complete(null);
                });
                done.get();
            });
        });
        component.start();
        List<Integer> items = java.util.stream.IntStream.range(0, 200).boxed().toList();
        assertThat(queue[0].offerAll(items)).isEqualTo(Admission.ACCEPTED);
        StopOutcome outcome = component.stop();
        assertThat(outcome.clean()).as(outcome.describe()).isTrue();
        assertThat(delivered).containsExactlyInAnyOrderElementsOf(items);
        assertThat(component.counter(LifecycleMetrics.WORKER_FAILURES, "worker", "sender")).isZero();
    }

    @Test
    void aSharedResourceIsClosedAfterTheStagesLaunchedAfterItHaveDrained() {
        List<String> order = new CopyOnWriteArrayList<>();
        AtomicBoolean clientOpen = new AtomicBoolean(true);
        WorkQueue<Integer>[] queues = new WorkQueue[2];
        TestComponent component = TestComponent.of("in-turn", workers -> {
            queues[0] = workers.queue("earlier", 100);
            workers.worker("earlier").pool(1, queues[0]).each(item -> order.add("earlier " + item));
            workers.closeInTurn("client", () -> {
                clientOpen.set(false);
                order.add("client closed");
            });
            queues[1] = workers.queue("later", 100);
            workers.worker("later").pool(1, queues[1]).each(item -> {
                Thread.sleep(5);
                order.add("later " + item + (clientOpen.get() ? " with client" : " WITHOUT client"));
            });
        });
        component.start();
        queues[1].offerAll(List.of(1, 2, 3));
        StopOutcome outcome = component.stop();
        assertThat(outcome.clean()).isTrue();
        assertThat(order).containsExactly("later 1 with client", "later 2 with client", "later 3 with client",
                "client closed");
    }

    @Test
    void aRestartClosesWhatTheFailedRunRegistered() {
        List<AtomicBoolean> resources = new CopyOnWriteArrayList<>();
        List<Boolean> previousClosedAtRestart = new CopyOnWriteArrayList<>();
        TestComponent component = TestComponent.of("restart-closes", workers ->
                workers.worker("watcher").recovery(RecoveryPolicy.restart().withBackoff(Duration.ZERO, Duration.ZERO))
                        .task(ctx -> {
                            if (!resources.isEmpty()) {
                                previousClosedAtRestart.add(resources.getLast().get());
                            }
                            AtomicBoolean closed = new AtomicBoolean();
                            resources.add(closed);
                            ctx.closeOnStop(() -> closed.set(true));
                            if (resources.size() < 3) {
                                throw new IllegalStateException("directory vanished");
                            }
                            ctx.awaitStop(Duration.ofMinutes(1));
                        }));
        component.start();
        await().atMost(PATIENCE).until(() -> resources.size() == 3);
        assertThat(previousClosedAtRestart).containsExactly(true, true);
        assertThat(resources.getLast()).isFalse();
        component.stop();
        assertThat(resources.getLast()).isTrue();
    }
}
