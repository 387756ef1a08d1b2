package dev.keel.ingest.syslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keel.ingest.IngestComponent;
import dev.keel.ingest.support.Meters;
import dev.keel.ingest.support.RecordingSink;
import dev.keel.ingest.support.SyslogSender;
import dev.keel.ingest.support.TestProperties;
import dev.keel.ingest.support.TestThreads;
import dev.keel.ingest.support.TricklingPeer;
import dev.keel.lifecycle.Admission;
import dev.keel.lifecycle.ComponentState;
import dev.keel.lifecycle.LifecycleEnvironment;
import dev.keel.lifecycle.QueueInfo;
import dev.keel.lifecycle.StopOutcome;
import dev.keel.lifecycle.WorkerRegistry;
import dev.keel.lifecycle.testing.LeakCheck;
import dev.keel.storage.Event;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Syslog over real TCP sockets into a running ingest component. */
class SyslogTcpIngestTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @RegisterExtension
    LeakCheck leaks = LeakCheck.create();

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private RecordingSink sink = RecordingSink.accepting();
    private IngestComponent ingest;
    private final List<TestThreads.Started> clients = new ArrayList<>();

    @AfterEach
    void stopEverything() throws Exception {
        try {
            if (ingest != null) {
                assertThat(ingest.stop().clean()).isTrue();
            }
        } finally {
            clients.forEach(client -> client.thread().interrupt());
            joinClients();
        }
    }

    @Test
    void readsNewlineFramedAndOctetCountedMessagesFromOneConnection() throws Exception {
        start();
        try (SyslogSender sender = new SyslogSender(ingest.syslogTcpPort())) {
            sender.send("<13>1 2026-11-24T10:00:00Z host1 app 1 - - first\n")
                    .sendCounted("<14>1 2026-11-24T10:00:01Z host1 app 1 - - second\nwith a newline inside")
                    .send("<15>Nov 24 10:00:02 host2 tag[7]: third\n");

            // Two parse workers may hand batches on in either order; each event keeps its timestamp.
            List<Event> events = sink.awaitCount(3).stream().sorted(Comparator.comparing(Event::timestamp)).toList();

            assertThat(events).extracting(Event::message)
                    .containsExactly("first", "second\nwith a newline inside", "third");
            assertThat(events).extracting(Event::host).containsExactly("host1", "host1", "host2");
            assertThat(events).extracting(e -> e.attributes().get("syslog_format"))
                    .containsExactly("rfc5424", "rfc5424", "rfc3164");
            assertThat(events).allSatisfy(e -> assertThat(e.source()).isEqualTo("syslog"));
            assertThat(Meters.count(meters, "keel.ingest.syslog.frames", "transport", "tcp")).isEqualTo(3);
            assertThat(Meters.count(meters, "keel.ingest.events.accepted", "source", "syslog", "transport", "tcp"))
                    .isEqualTo(3);
            assertThat(Meters.count(meters, "keel.ingest.events.accepted", "source", "syslog", "transport", "udp"))
                    .isZero();
        }
    }

    @Test
    void joinsFramesThatArriveInPieces() throws Exception {
        start("syslog.parse-workers", "1");
        String counted = "<13>1 - h a - - - split octet-counted frame";
        try (SyslogSender sender = new SyslogSender(ingest.syslogTcpPort())) {
            // Each piece is its own write; how the reads cut them is up to the kernel (the decoder's own
            // test splits at every byte).
            for (String piece : List.of(counted.length() + "", " <13>1 - h a", " - - - split oc", "tet-counted frame",
                    "<14>split ", "line frame", "\n")) {
                sender.send(piece);
            }

            assertThat(sink.awaitCount(2)).extracting(Event::message)
                    .containsExactly("split octet-counted frame", "split line frame");
        }
    }

    @Test
    void keepsAMalformedFrameAsARawEventMarkedWithTheParseErrorAndCountsIt() throws Exception {
        start("syslog.parse-workers", "1");
        try (SyslogSender sender = new SyslogSender(ingest.syslogTcpPort())) {
            sender.send("this is no syslog\n<13>1 - h a - - - fine\n");

            List<Event> events = sink.awaitCount(2);

            assertThat(events.get(0).message()).isEqualTo("this is no syslog");
            assertThat(events.get(0).attributes()).containsEntry("parse_error",
                    "no PRI: a syslog message starts with '<'");
            assertThat(events.get(1).attributes()).doesNotContainKey("parse_error");
            assertThat(Meters.count(meters, "keel.ingest.syslog.malformed", "transport", "tcp")).isEqualTo(1);
        }
    }

    @Test
    void aPoisonFrameBetweenTwoGoodOnesIsKeptMarkedAndTheBatchAroundItArrives() throws Exception {
        start("syslog.parse-workers", "1");
        try (SyslogSender sender = new SyslogSender(ingest.syslogTcpPort())) {
            sender.send("<13>1 2026-11-24T10:00:00Z h a - - - before\n"
                    + "<13>1 +999999999-12-31T23:59:59Z h a - - - poison\n"
                    + "<13>1 2026-11-24T10:00:01Z h a - - - after\n");

            List<Event> events = sink.awaitCount(3);

            assertThat(events).extracting(Event::message).containsExactly("before",
                    "<13>1 +999999999-12-31T23:59:59Z h a - - - poison", "after");
            assertThat(events.get(1).attributes().get("parse_error")).asString()
                    .contains("TIMESTAMP \"+999999999-12-31T23:59:59Z\" is not an RFC 3339 date-time");
            assertThat(events.get(0).attributes()).doesNotContainKey("parse_error");
            assertThat(events.get(2).attributes()).doesNotContainKey("parse_error");
            assertThat(Meters.count(meters, "keel.workers.failures", "component", "ingest", "worker", "syslog-parser"))
                    .as("no parse worker failed").isZero();
            assertThat(ingest.state()).isEqualTo(ComponentState.RUNNING);
        }
    }

    @Test
    void waitingForRoomDownstreamLongerThanTheIdleTimeoutDoesNotCloseTheConnectionAsIdle() throws Exception {
        sink.refuseWith(Admission.FULL);
        start("syslog.idle-timeout", "1s", "syslog.hand-off-capacity", "4", "syslog.batch-size", "1",
                "syslog.parse-workers", "1");
        try (SyslogSender sender = new SyslogSender(ingest.syslogTcpPort())) {
            StringBuilder burst = new StringBuilder();
            for (int i = 0; i < 20; i++) {
                burst.append("<13>1 - h a - - - stalled ").append(i).append('\n');
            }
            sender.send(burst.toString());
            // One frame held by the worker, four queued, the reader waiting to hand off the next.
            await().atMost(PATIENCE).until(() -> handOffDepth() == 4);
            // Sent while the reader waits: it lies in the socket until the reader reads again. The half-close
            // after it ends the connection by the peer once all is read, so no idle close can come later,
            // however slowly the test thread gets to its last look.
            sender.send("<13>1 - h a - - - sent during the stall\n").finishSending();
            // Downstream stays full three times as long as the idle timeout.
            await().during(Duration.ofSeconds(3)).atMost(PATIENCE)
                    .until(() -> handOffDepth() == 4 && ingest.syslogConnections() == 1);

            sink.accept();

            List<Event> events = sink.awaitCount(21);
            assertThat(events).extracting(Event::message).contains("stalled 0", "stalled 19", "sent during the stall");
            assertThat(events).noneSatisfy(e -> assertThat(e.attributes()).containsKey("parse_error"));
            assertThat(sender.closedByServer(30_000)).as("closed after the peer's end of stream").isTrue();
            await().atMost(PATIENCE).until(() -> ingest.syslogConnections() == 0);
            assertThat(Meters.count(meters, "keel.ingest.syslog.connections.idle.closed"))
                    .as("the wait for room was not counted as idleness").isZero();
        }
    }

    @Test
    void truncatesAnOversizedFrameMarksItAndStaysInSync() throws Exception {
        start("syslog.max-frame-size", "480B", "syslog.parse-workers", "1");
        String big = "<13>1 - h a - - - " + "x".repeat(2000);
        try (SyslogSender sender = new SyslogSender(ingest.syslogTcpPort())) {
            sender.sendCounted(big).sendCounted("<13>1 - h a - - - after");

            List<Event> events = sink.awaitCount(2);

            assertThat(events.get(0).message()).hasSize(480).isEqualTo(big.substring(0, 480));
            assertThat(events.get(0).attributes().get("parse_error").toString())
                    .contains("larger than max-frame-size 480");
            assertThat(events.get(1).message()).isEqualTo("after");
        }
    }

    @Test
    void closesConnectionsBeyondMaxConnectionsAndKeepsServingTheOthers() throws Exception {
        start("syslog.max-connections", "2");
        try (SyslogSender first = new SyslogSender(ingest.syslogTcpPort());
                SyslogSender second = new SyslogSender(ingest.syslogTcpPort())) {
            first.send("<13>one\n");
            second.send("<13>two\n");
            sink.awaitCount(2);
            await().atMost(PATIENCE).until(() -> ingest.syslogConnections() == 2);

            try (SyslogSender third = new SyslogSender(ingest.syslogTcpPort())) {
                assertThat(third.closedByServer(30_000)).isTrue();
            }
            first.send("<13>three\n");

            assertThat(sink.awaitCount(3)).extracting(Event::message).containsExactlyInAnyOrder("one", "two", "three");
            assertThat(Meters.count(meters, "keel.ingest.syslog.connections.refused")).isEqualTo(1);
            assertThat(ingest.syslogConnections()).isEqualTo(2);
        }
    }

    @Test
    void closesAConnectionTricklingOneByteASecondAtTheIdleTimeoutWithoutStarvingOthers() throws Exception {
        // Ten seconds of idle timeout against the milliseconds 50 messages take: an ingest that served one
        // connection at a time would hold them back until the trickler's cut, however fast the machine.
        start("syslog.idle-timeout", "10s", "syslog.parse-workers", "1");
        try (SyslogSender trickler = new SyslogSender(ingest.syslogTcpPort());
                SyslogSender normal = new SyslogSender(ingest.syslogTcpPort())) {
            trickle(trickler, "<13>1 - h a - - - never finished");
            List<String> normals = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                normals.add("normal " + i);
                normal.send("<13>1 - h a - - - normal " + i + "\n");
            }

            List<Event> served = await().atMost(PATIENCE).until(sink::events,
                    events -> events.stream().map(Event::message).toList().containsAll(normals));
            assertThat(served).as("the normal messages, and nothing of the trickler yet").hasSize(50)
                    .noneSatisfy(e -> assertThat(e.attributes()).containsKey("parse_error"));
            assertThat(ingest.syslogConnections()).as("the trickler is still connected").isEqualTo(2);

            List<Event> all = await().atMost(PATIENCE).until(sink::events, events -> events.size() >= 51);
            assertThat(all).hasSize(51).extracting(Event::message).containsAll(normals);
            assertThat(all.get(50).attributes().get("parse_error")).asString()
                    .startsWith("incomplete frame: no complete frame within idle-timeout 10000 ms");
            assertThat(trickler.closedByServer(30_000)).isTrue();
            // The normal connection, silent since, may have been closed for idleness too.
            assertThat(Meters.count(meters, "keel.ingest.syslog.connections.idle.closed")).isBetween(1.0, 2.0);
        }
        try (SyslogSender later = new SyslogSender(ingest.syslogTcpPort())) {
            later.send("<13>1 - h a - - - still served\n");
            assertThat(sink.awaitCount(52).get(51).message()).isEqualTo("still served");
        }
    }

    @Test
    void stopIsNotHeldHostageByATricklingConnection() throws Exception {
        start();
        try (SyslogSender trickler = new SyslogSender(ingest.syslogTcpPort())) {
            // One write: a whole frame and the start of one never finished, then a byte a second.
            trickler.send("<13>1 - h a - - - done\n<13>1 - h a - - - never fin");
            sink.awaitCount(1);
            trickle(trickler, "ished");

            StopOutcome outcome = ingest.stop();

            assertThat(outcome.clean()).as(outcome.describe()).isTrue();
            assertThat(trickler.closedByServer(30_000)).isTrue();
            assertThat(ingest.syslogConnections()).isZero();
            List<Event> events = sink.events();
            assertThat(events).hasSize(2);
            assertThat(events.get(0).message()).isEqualTo("done");
            assertThat(events.get(1).message()).startsWith("<13>1 - h a - - - never fin");
            assertThat(events.get(1).attributes().get("parse_error")).asString()
                    .isEqualTo("incomplete frame: ingest stopped before its newline");
            assertThat(Meters.count(meters, "keel.ingest.syslog.frames", "transport", "tcp")).isEqualTo(2);
        }
    }

    @Test
    void stopWhileConnectionsAreOpenHandsEverythingReadDownstreamAndClosesThem() throws Exception {
        start();
        sink.refuseWith(Admission.FULL);
        List<SyslogSender> senders = new ArrayList<>();
        try {
            for (int c = 0; c < 5; c++) {
                SyslogSender sender = new SyslogSender(ingest.syslogTcpPort());
                senders.add(sender);
                for (int i = 0; i < 200; i++) {
                    sender.sendCounted("<13>1 - h a - - - c" + c + " m" + i);
                }
            }
            await().atMost(PATIENCE)
                    .until(() -> Meters.count(meters, "keel.ingest.syslog.frames", "transport", "tcp") == 1000);

            sink.accept();
            StopOutcome outcome = ingest.stop();

            assertThat(outcome.clean()).as(outcome.describe()).isTrue();
            assertThat(sink.count()).isEqualTo(1000);
            assertThat(sink.events()).extracting(Event::message).doesNotHaveDuplicates();
            assertThat(Meters.count(meters, "keel.ingest.events.undelivered", "source", "syslog")).isZero();
            for (SyslogSender sender : senders) {
                assertThat(sender.closedByServer(30_000)).isTrue();
            }
        } finally {
            for (SyslogSender sender : senders) {
                sender.close();
            }
        }
    }

    @Test
    void stopDuringContinuousSendingHandsEveryFrameReadDownstream() throws Exception {
        start();
        AtomicLong sent = new AtomicLong();
        for (int c = 0; c < 4; c++) {
            SyslogSender sender = new SyslogSender(ingest.syslogTcpPort());
            int connection = c;
            client("writer-" + c, () -> {
                try (sender) {
                    for (long i = 0; ; i++) {
                        sender.sendCounted("<13>1 - h a - - - c" + connection + " m" + i);
                        sent.incrementAndGet();
                    }
                } catch (IOException closedByStop) {
                    // expected: ingest stopped and closed the connection
                }
            });
        }
        await().atMost(PATIENCE).until(() -> sink.count() >= 2000);

        StopOutcome outcome = ingest.stop();
        joinClients();

        double read = Meters.count(meters, "keel.ingest.syslog.frames", "transport", "tcp");
        assertThat(outcome.clean()).as(outcome.describe()).isTrue();
        assertThat(sink.count()).as("every frame read reached downstream").isEqualTo((long) read);
        assertThat(Meters.count(meters, "keel.ingest.events.undelivered", "source", "syslog")).isZero();
        Set<String> messages = new HashSet<>();
        for (Event event : sink.events()) {
            if (!event.attributes().containsKey("parse_error")) {
                assertThat(messages.add(event.message())).as("no duplicate: %s", event.message()).isTrue();
            }
        }
        long cut = sink.events().stream().filter(e -> e.attributes().containsKey("parse_error")).count();
        assertThat(cut).as("at most one frame cut short per connection").isLessThanOrEqualTo(4);
        assertThat(read).isLessThanOrEqualTo(sent.get() + 4);
    }

    @Test
    void aFullPipelineMakesReadersStopReadingInsteadOfBuffering() throws Exception {
        sink = RecordingSink.counting();
        sink.refuseWith(Admission.FULL);
        start("syslog.hand-off-capacity", "16", "syslog.batch-size", "4", "syslog.parse-workers", "1");
        String message = "<13>1 - h a - - - " + "p".repeat(180);
        int total = 320_000; // ~64 MB: more than the kernel's socket buffers can hold
        AtomicBoolean writerDone = new AtomicBoolean();
        SyslogSender sender = new SyslogSender(ingest.syslogTcpPort());
        client("flood", () -> {
            try (sender) {
                StringBuilder chunk = new StringBuilder();
                for (int i = 1; i <= total; i++) {
                    chunk.append(message).append('\n');
                    if (i % 100 == 0) {
                        sender.send(chunk.toString());
                        chunk.setLength(0);
                    }
                }
                writerDone.set(true);
            }
        });
        await().atMost(PATIENCE).until(() -> handOffDepth() == 16);

        // Full hand-off (16) + the batch a worker holds (4) + what one 8 KiB read cut into frames.
        long bound = 16 + 4 + 8192 / message.length() + 1;
        await().during(Duration.ofSeconds(2)).atMost(PATIENCE).until(() -> !writerDone.get()
                && Meters.count(meters, "keel.ingest.syslog.frames", "transport", "tcp") <= bound);

        sink.accept();
        await().atMost(Duration.ofSeconds(60)).until(() -> sink.count() == total);
        // Everything read does not mean the writer has run its last line yet: wait for it to end.
        joinClients();
        assertThat(writerDone).isTrue();
    }

    private int handOffDepth() {
        return ingest.describe().queues().stream().filter(q -> q.name().equals("syslog-hand-off"))
                .mapToInt(QueueInfo::depth).sum();
    }

    private void start(String... overrides) {
        ingest = new IngestComponent(TestProperties.syslogOnFreePorts(overrides), sink,
                new LifecycleEnvironment(WorkerRegistry.shared(), meters));
        ingest.start();
    }

    /** Sends one byte of {@code text} a second until the connection breaks or the test ends. */
    private void trickle(SyslogSender sender, String text) {
        client("trickler", () -> TricklingPeer.trickle(sender, text));
    }

    private void client(String name, TestThreads.Body body) {
        clients.add(TestThreads.start("test-client-" + name, body));
    }

    /** Waits for every client to end and rethrows the first failure of any, so none is lost. */
    private void joinClients() throws InterruptedException {
        for (TestThreads.Started client : clients) {
            client.join(PATIENCE);
        }
    }
}
