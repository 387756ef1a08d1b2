package dev.keel.ingest.syslog;

import dev.keel.ingest.net.AddressRanges;
import dev.keel.ingest.net.PeerSlots;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.keel.ingest.support.Meters;
import dev.keel.ingest.support.SyslogSender;
import dev.keel.ingest.support.TestThreads;
import dev.keel.lifecycle.WorkQueue;
import dev.keel.lifecycle.WorkerBuilder;
import dev.keel.lifecycle.WorkerContext;
import dev.keel.lifecycle.Workers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The acceptor on its own, with a launcher that fails: the case the lifecycle cannot produce on demand. */
class SyslogTcpAcceptorTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    void aConnectionWhoseHandlerCannotBeLaunchedIsClosedItsSlotFreedAndAcceptingGoesOn() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        SyslogMetrics metrics = new SyslogMetrics(meters);
        PeerSlots slots = new PeerSlots(1, 1, AddressRanges.none());
        SyslogSettings settings = new SyslogSettings("127.0.0.1", 0, 1, Duration.ofSeconds(60), 8192, 1, 16, 4,
                ZoneOffset.UTC);
        AtomicInteger launches = new AtomicInteger();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            SyslogTcpAcceptor acceptor = new SyslogTcpAcceptor(server, new FailingLauncher(launches), settings,
                    new FrameHandOff(new WorkQueue<>("hand-off", 16), metrics, "ingest"), metrics, slots);
            CompletableFuture<Void> acceptorEnded =
                    TestThreads.start("test-acceptor", () -> acceptor.run(new StandaloneContext())).ended();

            for (int attempt = 1; attempt <= 2; attempt++) {
                try (SyslogSender sender = new SyslogSender(server.getLocalPort())) {
                    assertThat(sender.closedByServer(30_000)).as("attempt %d closed", attempt).isTrue();
                }
                int expected = attempt;
                await().atMost(PATIENCE).until(() -> launches.get() == expected);
                await().atMost(PATIENCE).until(() -> slots.inUse() == 0);
            }
            assertThat(acceptorEnded).as("the acceptor goes on accepting").isNotDone();
            assertThat(Meters.count(meters, "keel.ingest.syslog.connections.refused"))
                    .as("the one slot came back each time: no connection was refused for max-connections").isZero();

            server.close();
            // Its only way out is the closed socket: accept fails and the acceptor rethrows that.
            assertThatThrownBy(() -> acceptorEnded.get(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(SocketException.class);
        }
    }

    /** Every launch fails, as a launcher out of threads would. */
    private record FailingLauncher(AtomicInteger launches) implements Workers {
        @Override
        public WorkerBuilder worker(String name) {
            launches.incrementAndGet();
            throw new IllegalStateException("cannot launch " + name);
        }

        @Override
        public <T> WorkQueue<T> queue(String name, int capacity) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Executor executor(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <C extends AutoCloseable> C closeInTurn(String name, C resource) {
            throw new UnsupportedOperationException();
        }
    }

    /** A context that is never stopped; the test ends the acceptor by closing its server socket. */
    private static final class StandaloneContext implements WorkerContext {

        /** A stop that never comes. */
        private final CountDownLatch stop = new CountDownLatch(1);

        @Override
        public String component() {
            return "ingest";
        }

        @Override
        public String workerId() {
            return "syslog-tcp-acceptor";
        }

        @Override
        public boolean stopRequested() {
            return false;
        }

        @Override
        public boolean awaitStop(Duration timeout) throws InterruptedException {
            return stop.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }

        @Override
        public <C extends AutoCloseable> C closeOnStop(C resource) {
            return resource;
        }

        @Override
        public <C extends AutoCloseable> C closeOnCancel(C resource) {
            return resource;
        }
    }
}
