package dev.keel.lifecycle;

import static dev.keel.lifecycle.StopGates.BUSY_AT_DEADLINE;
import static dev.keel.lifecycle.StopGates.releaseAtStop;
import static dev.keel.lifecycle.testing.Latches.awaitOrFail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keel.lifecycle.testing.Latches;
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
import java.util.concurrent.TimeUnit;
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
        AtomicBoolean anIterationEndedAfterStop = new AtomicBoolean();
        AtomicInteger iterationsBegunAfterThat = new AtomicInteger();
        TestComponent component = TestComponent.of("looping", workers ->
                workers.worker("spinner").loop(ctx -> {
                    if (anIterationEndedAfterStop.get()) {
                        iterationsBegunAfterThat.incrementAndGet();
                    }
                    iterations.incrementAndGet();
                    if (ctx.stopRequested()) {
                        anIterationEndedAfterStop.set(true);
                    }
                }));
        component.start();
        await().atMost(PATIENCE).until(() -> iterations.get() > 100);
        StopOutcome outcome = component.stop();
        assertThat(outcome.clean()).as(outcome.describe()).isTrue();
        assertThat(WorkerRegistry.shared().snapshot("looping")).isEmpty();
        assertThat(iterationsBegunAfterThat).as("no iteration after one that ended with the stop requested").hasValue(0);
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
        awaitOrFail(listening);
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
        awaitOrFail(receiving);
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
        awaitOrFail(watching);
        StopOutcome outcome = component.stop();
        assertThat(outcome.clean()).isTrue();
        assertThat(outcome.duration()).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void aWorkerIgnoringTheSignalIsInterruptedAtTheDrainDeadline() {
        AtomicBoolean interrupted = new AtomicBoolean();
        TestComponent component = TestComponent.of("interrupted", BUSY_AT_DEADLINE, workers ->
                workers.worker("blocked").task(ctx -> {
                    try {
                        Latches.blockUntilInterrupted(PATIENCE); // deaf to the signal, not to an interrupt
                    } catch (InterruptedException e) {
                        interrupted.set(true);
                    }
                }));
        component.start();
        StopOutcome outcome = component.stop();
        assertThat(outcome.clean()).as(outcome.describe()).isTrue();
        assertThat(interrupted).isTrue();
        assertThat(outcome.duration()).as("interrupted at the drain deadline, not before")
                .isGreaterThanOrEqualTo(BUSY_AT_DEADLINE.minus(Component.cancelGrace(BUSY_AT_DEADLINE)));
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
        awaitOrFail(registered);
        assertThat(component.stop().clean()).isTrue();
        assertThat(closedWhileDraining).isFalse();
        assertThat(clientClosed).as("closed when the worker ended").isTrue();
    }

    @Test
    void aSourceRegisteredAfterStopBeganIsClosedAtOnce() throws Exception {
        AtomicBoolean closed = new AtomicBoolean();
        AtomicBoolean stopSeen = new AtomicBoolean();
        AtomicBoolean closedOnRegistering = new AtomicBoolean();
        TestComponent component = TestComponent.of("late-source", workers ->
                workers.worker("late").task(ctx -> {
                    stopSeen.set(ctx.awaitStop(Duration.ofMinutes(1)));
                    ctx.closeOnStop(() -> closed.set(true));
                    // Read before the worker ends, which would close it anyway.
                    closedOnRegistering.set(closed.get());
                }));
        component.start();
        assertThat(component.stop().clean()).isTrue();
        assertThat(stopSeen).as("registered after the stop began").isTrue();
        assertThat(closedOnRegistering).as("closed by the registration itself").isTrue();
    }

    @Test
    void launchingAfterStopBeganIsRefused() throws Exception {
        AtomicBoolean stopSeen = new AtomicBoolean();
        AtomicBoolean refused = new AtomicBoolean();
        AtomicBoolean tooLateRan = new AtomicBoolean();
        TestComponent component = TestComponent.of("late-launch", workers -> {
            Workers launcher = workers;
            workers.worker("spawner").task(ctx -> {
                stopSeen.set(ctx.awaitStop(Duration.ofMinutes(1)));
                try {
                    launcher.worker("too-late").task(c -> tooLateRan.set(true));
                } catch (java.util.concurrent.RejectedExecutionException expected) {
                    refused.set(true);
                }
            });
        });
        component.start();
        assertThat(component.stop().clean()).isTrue();
        assertThat(stopSeen).as("the launch came after the stop began").isTrue();
        assertThat(refused).isTrue();
        assertThat(tooLateRan).isFalse();
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
                finish.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        awaitOrFail(running);
        assertThat(WorkerRegistry.shared().snapshot("with-executor")).singleElement().satisfies(worker -> {
            assertThat(worker.name()).isEqualTo("http-client");
            assertThat(worker.kind()).isEqualTo(WorkerKind.VIRTUAL);
        });
        finish.countDown();
        assertThat(component.stop().clean()).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> executor[0].execute(() -> {}))
                .isInstanceOf(java.util.concurrent.RejectedExecutionException.class)
                .hasMessageContaining("with-executor");
    }

    @Test
    void anExecutorKeepsTakingTasksWhileTheStagesLaunchedAfterItDrain() {
        List<Integer> delivered = new CopyOnWriteArrayList<>();
        CountDownLatch stopBegan = new CountDownLatch(1);
        WorkQueue<Integer>[] queue = new WorkQueue[1];
        TestComponent component = TestComponent.of("executor-drain", workers -> {
            java.util.concurrent.Executor client = workers.executor("client");
            queue[0] = workers.queue("outbox", 1000);
            workers.worker("sender").pool(1, queue[0]).each(item -> {
                awaitOrFail(stopBegan); // every item is sent during the drain
                // Like an HTTP client running its exchange on the executor during the drain.
                var done = new java.util.concurrent.CompletableFuture<Void>();
                client.execute(() -> {
                    delivered.add(item);
                    done.complete(null);
                });
                done.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            });
        });
        releaseAtStop(component, stopBegan);
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
        CountDownLatch stopBegan = new CountDownLatch(1);
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
                awaitOrFail(stopBegan); // every item is handled during the drain
                order.add("later " + item + (clientOpen.get() ? " with client" : " WITHOUT client"));
            });
        });
        releaseAtStop(component, stopBegan);
        component.start();
        assertThat(queues[1].offerAll(List.of(1, 2, 3))).isEqualTo(Admission.ACCEPTED);
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
