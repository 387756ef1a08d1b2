package dev.keel.ingest.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keel.ingest.support.GzipBodies;
import dev.keel.ingest.support.QueueSink;
import dev.keel.ingest.support.RecordingSink;
import dev.keel.storage.Event;
import dev.keel.storage.EventSink;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The servlet-free intake with a real admission gate: how long a request holds its slot, atomic
 * admission against a real bounded queue, and what it answers when reading goes wrong.
 */
class HttpEventIntakeTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void aRequestWaitingForRoomDownstreamKeepsItsSlotSoTheNextIsRefusedBeforeItsBodyIsRead() throws Exception {
        RecordingSink full = RecordingSink.full();
        HttpEventIntake intake = intake(full, settings(1, PATIENCE, 64 * 1024));
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<IntakeResponse> first = clients.submit(() -> intake.handle(ndjson("{\"event_id\":\"first\"}\n")));
            await().atMost(PATIENCE).until(() -> full.waitingOffers() == 1);

            IntakeResponse second = intake.handle(ndjson("{\"event_id\":\"second\"}\n"));

            assertThat(second.status()).isEqualTo(429);
            assertThat(error(second)).contains("max-concurrent-requests 1");
            full.accept();
            assertThat(first.get(PATIENCE.toSeconds(), TimeUnit.SECONDS).status()).isEqualTo(202);
        }
        assertThat(full.ids()).containsExactly("first");
    }

    @Test
    void aClientHoldingItsShareOfSlotsIsRefusedWhileAnotherClientStillGetsOne() throws Exception {
        RecordingSink full = RecordingSink.full();
        HttpEventIntake intake = intake(full, settings(4, 2, PATIENCE, 64 * 1024));
        InetAddress hog = InetAddress.getByName("127.0.0.2");
        InetAddress other = InetAddress.getByName("127.0.0.3");
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<IntakeResponse>> held = new ArrayList<>();
            for (String id : List.of("h1", "h2")) {
                held.add(clients.submit(() -> intake.handle(ndjson(hog, "{\"event_id\":\"" + id + "\"}\n"))));
            }
            await().atMost(PATIENCE).until(() -> full.waitingOffers() == 2);

            IntakeResponse third = intake.handle(ndjson(hog, "{\"event_id\":\"h3\"}\n"));
            held.add(clients.submit(() -> intake.handle(ndjson(other, "{\"event_id\":\"o1\"}\n"))));
            await().atMost(PATIENCE).until(() -> full.waitingOffers() == 3);

            assertThat(third.status()).isEqualTo(429);
            assertThat(error(third)).contains("from your address (max-concurrent-requests-per-peer 2");
            assertThat(third.retryAfterSeconds()).isPositive();
            full.accept();
            for (Future<IntakeResponse> request : held) {
                assertThat(request.get(PATIENCE.toSeconds(), TimeUnit.SECONDS).status()).isEqualTo(202);
            }
        }
        assertThat(full.ids()).containsExactlyInAnyOrder("h1", "h2", "o1");
        assertThat(intake.handle(ndjson(hog, "{\"event_id\":\"h4\"}\n")).status())
                .as("the slots were given back").isEqualTo(202);
    }

    @Test
    void admissionIntoARealBoundedQueueIsAllOrNothingAndARefusedRequestCanSimplyBeRetried() {
        QueueSink downstream = new QueueSink(5);
        HttpEventIntake intake = intake(downstream, settings(4, Duration.ZERO, 64 * 1024));

        IntakeResponse first = intake.handle(ndjson(lines("a1", "a2", "a3", "a4")));
        IntakeResponse refused = intake.handle(ndjson(lines("b1", "b2", "b3")));

        assertThat(first.status()).isEqualTo(202);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.retryAfterSeconds()).isPositive();
        assertThat(downstream.drain()).as("nothing of the refused request was queued")
                .extracting(Event::eventId).containsExactly("a1", "a2", "a3", "a4");

        IntakeResponse retried = intake.handle(ndjson(lines("b1", "b2", "b3")));

        assertThat(retried.status()).isEqualTo(202);
        assertThat(downstream.drain()).extracting(Event::eventId).containsExactly("b1", "b2", "b3");
    }

    @Test
    void aBodyStreamFailingUnexpectedlyIsAnswered400WithTheReasonAndFreesItsSlot() {
        HttpEventIntake intake = intake(RecordingSink.accepting(), settings(1, Duration.ZERO, 64 * 1024));
        IntakeRequest failing = new IntakeRequest(BodyFormat.JSON, "application/json", List.of(), -1, null, null,
                () -> new InputStream() {
                    @Override
                    public int read() {
                        throw new IllegalStateException("the stream broke in an unexpected way");
                    }
                });

        IntakeResponse response = intake.handle(failing);

        assertThat(response.status()).isEqualTo(400);
        assertThat(error(response)).isEqualTo("the body could not be read: java.lang.IllegalStateException:"
                + " the stream broke in an unexpected way");
        assertThat(intake.handle(ndjson("{}\n")).status()).as("the slot was given back").isEqualTo(202);
    }

    @Test
    void aGzipBodyThatInflatesToNothingIsStillCappedAtMaxBodySizeAsSent() throws Exception {
        byte[] body = GzipBodies.emptyBlocks(200 * 1024);
        try (InputStream check = new GZIPInputStream(new ByteArrayInputStream(body))) {
            assertThat(check.readAllBytes()).as("valid gzip of nothing").isEmpty();
        }
        HttpEventIntake intake = intake(RecordingSink.accepting(), settings(1, Duration.ZERO, 64 * 1024));

        IntakeResponse response = intake.handle(new IntakeRequest(BodyFormat.NDJSON, "application/x-ndjson",
                List.of("gzip"), -1, null, null, () -> new ByteArrayInputStream(body)));

        assertThat(response.status()).isEqualTo(413);
        assertThat(error(response)).isEqualTo("the body is larger than max-body-size 65536 bytes as sent (compressed)");
    }

    @Test
    void aGzipBodyDeclaredLargerThanMaxBodySizeIsRefusedBeforeReading() {
        HttpEventIntake intake = intake(RecordingSink.accepting(), settings(1, Duration.ZERO, 1024));

        IntakeResponse response = intake.handle(new IntakeRequest(BodyFormat.NDJSON, "application/x-ndjson",
                List.of("gzip"), 2048, null, null, () -> {
                    throw new AssertionError("the body must not be opened");
                }));

        assertThat(response.status()).isEqualTo(413);
        assertThat(error(response)).isEqualTo("the body is 2048 bytes, larger than max-body-size 1024 bytes");
    }

    @Test
    void invalidTimestampsOfAcceptedEventsAreCounted() {
        HttpEventIntake intake = intake(RecordingSink.accepting(), settings(1, Duration.ZERO, 64 * 1024));

        IntakeResponse response = intake.handle(ndjson("""
                {"timestamp":"not a time"}
                {"timestamp":"+999999999-12-31T23:59:59Z"}
                {"timestamp":1700000000000}
                """));

        assertThat(response.status()).isEqualTo(202);
        assertThat(meters.get("keel.ingest.timestamp.invalid").tag("source", "http").counter().count())
                .isEqualTo(2);
    }

    @Test
    void aNamedInputGivesItsLogSourceToEventsWithoutOneAndAnUnknownInputIsNotFound() {
        RecordingSink sink = RecordingSink.accepting();
        Map<String, String> sysmon = Map.of("product", "windows", "service", "sysmon");
        HttpIntakeSettings settings = new HttpIntakeSettings(List.of(), 64 * 1024, 1024, 8, 64, 100, 1, 1,
                Duration.ZERO, Duration.ofSeconds(30), 0, Duration.ofSeconds(1), Map.of("sysmon", sysmon));
        HttpEventIntake intake = intake(sink, settings);

        IntakeResponse known = intake.handle(ndjson("sysmon", """
                {"event_id":"plain"}
                {"event_id":"own","logsource":{"product":"linux"}}
                """));
        IntakeResponse unknown = intake.handle(ndjson("nxlog", "{\"event_id\":\"lost\"}\n"));

        assertThat(known.status()).isEqualTo(202);
        assertThat(sink.events()).extracting(event -> event.attributes().get("logsource"))
                .containsExactly(sysmon, Map.of("product", "linux"));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(error(unknown)).isEqualTo("no input named \"nxlog\" is configured (keel.ingest.http.inputs.<name>)");
        assertThat(sink.ids()).doesNotContain("lost");
    }

    private HttpEventIntake intake(EventSink downstream, HttpIntakeSettings settings) {
        HttpAdmission admission = new HttpAdmission(downstream, settings.admissionWait());
        admission.open();
        return new HttpEventIntake(settings, admission, new HttpMetrics(meters));
    }

    private static HttpIntakeSettings settings(int maxConcurrentRequests, Duration admissionWait, long maxBodyBytes) {
        return settings(maxConcurrentRequests, maxConcurrentRequests, admissionWait, maxBodyBytes);
    }

    private static HttpIntakeSettings settings(int maxConcurrentRequests, int perPeer, Duration admissionWait,
            long maxBodyBytes) {
        return new HttpIntakeSettings(List.of(), maxBodyBytes, 1024, 8, 64, 100, maxConcurrentRequests, perPeer,
                admissionWait, Duration.ofSeconds(30), 0, Duration.ofSeconds(1), Map.of());
    }

    private static IntakeRequest ndjson(String body) {
        return ndjson((InetAddress) null, body);
    }

    private static IntakeRequest ndjson(String input, String body) {
        byte[] bytes = body.getBytes(UTF_8);
        return new IntakeRequest(BodyFormat.NDJSON, "application/x-ndjson", List.of(), bytes.length, null, null,
                () -> new ByteArrayInputStream(bytes), input);
    }

    private static IntakeRequest ndjson(InetAddress peer, String body) {
        byte[] bytes = body.getBytes(UTF_8);
        return new IntakeRequest(BodyFormat.NDJSON, "application/x-ndjson", List.of(), bytes.length, null, peer,
                () -> new ByteArrayInputStream(bytes));
    }

    private static String lines(String... ids) {
        StringBuilder body = new StringBuilder();
        for (String id : ids) {
            body.append("{\"event_id\":\"").append(id).append("\"}\n");
        }
        return body.toString();
    }

    private static String error(IntakeResponse response) {
        return ((ErrorBody) response.body()).error();
    }
}
