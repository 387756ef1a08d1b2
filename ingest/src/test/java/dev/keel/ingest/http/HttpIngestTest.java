package dev.keel.ingest.http;

import static dev.keel.ingest.support.HttpClients.gzip;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keel.ingest.IngestComponent;
import dev.keel.ingest.support.GzipBodies;
import dev.keel.ingest.support.HttpClients;
import dev.keel.ingest.support.IngestTestApplication;
import dev.keel.ingest.support.Meters;
import dev.keel.ingest.support.RecordingSink;
import dev.keel.lifecycle.Admission;
import dev.keel.lifecycle.testing.LeakCheck;
import dev.keel.storage.Event;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every status and limit of the HTTP endpoints, through a real Tomcat on a random port and a real HTTP client. */
@SpringBootTest(classes = IngestTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "keel.ingest.api-keys=key-one,key-two",
            "keel.ingest.retry-after=1500ms",
            "keel.ingest.syslog.enabled=false",
            "keel.ingest.http.max-body-size=64KB",
            "keel.ingest.http.max-event-size=1KB",
            "keel.ingest.http.max-depth=4",
            "keel.ingest.http.max-fields=16",
            "keel.ingest.http.max-events=20",
            "keel.ingest.http.max-concurrent-requests=2",
            "keel.ingest.http.admission-wait=0ms",
            "keel.ingest.http.body-timeout=5s"
        })
class HttpIngestTest {

    private static final String JSON = "application/json";
    private static final String NDJSON = "application/x-ndjson";
    private static final String[] KEY = {"X-API-Key", "key-one"};
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static HttpClient client;

    @RegisterExtension
    LeakCheck leaks = HttpClients.leakCheck();

    @LocalServerPort
    int port;
    @Autowired
    IngestComponent ingest;
    @Autowired
    RecordingSink sink;
    @Autowired
    SimpleMeterRegistry meters;

    @BeforeAll
    static void createClient() {
        client = HttpClients.create();
    }

    @AfterAll
    static void closeClient() {
        client.close();
    }

    @BeforeEach
    void startIngest() {
        sink.accept();
        sink.clear();
        ingest.start();
    }

    @AfterEach
    void stopIngest() {
        assertThat(ingest.stop().clean()).isTrue();
    }

    @Test
    void aJsonObjectIsAcceptedWith202AndNormalized() {
        long before = System.currentTimeMillis();
        HttpResponse<String> response = post("/api/v1/events", JSON, """
                {"event_id":"evt-1","timestamp":"2026-11-24T10:00:00.250Z","host":"web01","user":"alice",
                 "action":"login","src_ip":"10.1.2.3","severity":"high","message":"hi","geo":{"country":"NO"},
                 "tags":["a","b"],"received_at":"client-side","source":"client-side"}""", KEY);

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(json(response)).isEqualTo(json("{\"accepted\":1,\"rejected\":0,\"errors\":[]}"));
        Event event = sink.events().getFirst();
        assertThat(event.eventId()).isEqualTo("evt-1");
        assertThat(event.timestamp()).isEqualTo(Instant.parse("2026-11-24T10:00:00.250Z").toEpochMilli());
        assertThat(event.receivedAt()).isBetween(before, System.currentTimeMillis());
        assertThat(event.source()).isEqualTo("http");
        assertThat(List.of(event.host(), event.user(), event.action(), event.srcIp(), event.severity(), event.message()))
                .containsExactly("web01", "alice", "login", "10.1.2.3", "high", "hi");
        assertThat(event.attributes()).containsOnlyKeys("geo", "tags", "received_at", "source")
                .containsEntry("geo", Map.of("country", "NO")).containsEntry("tags", List.of("a", "b"));
    }

    @Test
    void aJsonArrayQueuesTheValidElementsAndReportsTheOthersByIndex() {
        HttpResponse<String> response = post("/api/v1/events", JSON, """
                [{"event_id":"a","timestamp":1700000000000}, 7, {"event_id":""}, {"message":"no id"}]""", KEY);

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(json(response)).isEqualTo(json("""
                {"accepted":2,"rejected":2,"errors":[
                  {"line":1,"error":"element must be a JSON object, got a number"},
                  {"line":2,"error":"event_id must be 1 to 128 characters, got 0"}]}"""));
        assertThat(sink.events()).hasSize(2);
        assertThat(sink.events().get(0).timestamp()).isEqualTo(1_700_000_000_000L);
        assertThat(sink.events().get(1).eventId()).hasSize(36);
    }

    @Test
    void ndjsonQueuesTheValidLinesAndReportsTheOthersByLineNumber() {
        long before = System.currentTimeMillis();
        HttpResponse<String> response = post("/api/v1/events/bulk", NDJSON, """
                {"event_id":"l1"}

                {"event_id":"l3","timestamp":"not a time"}
                {broken
                {"event_id":"l5"}
                """, KEY);

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode body = json(response);
        assertThat(body.get("accepted").asInt()).isEqualTo(3);
        assertThat(body.get("rejected").asInt()).isEqualTo(1);
        assertThat(body.get("errors").get(0).get("line").asInt()).isEqualTo(4);
        assertThat(body.get("errors").get(0).get("error").asString()).startsWith("invalid JSON:");
        assertThat(sink.events()).extracting(Event::eventId).containsExactly("l1", "l3", "l5");
        Event l3 = sink.events().get(1);
        assertThat(l3.timestamp()).as("an unreadable timestamp takes the receive time")
                .isEqualTo(l3.receivedAt()).isBetween(before, System.currentTimeMillis());
        assertThat(l3.attributes()).containsEntry("timestamp_invalid", "not a time");
        assertThat(Meters.count(meters, "keel.ingest.events.accepted", "source", "http", "transport", "http"))
                .isEqualTo(3);
        assertThat(Meters.count(meters, "keel.ingest.events.rejected", "source", "http")).isEqualTo(1);
        assertThat((double) meters.get("keel.ingest.http.ack").timer().count()).as("every 202 timed, nothing else")
                .isEqualTo(Meters.count(meters, "keel.ingest.http.requests", "status", "202")).isPositive();
    }

    @Test
    void aTimestampBeyondWhatEpochMillisecondsCanHoldIsAcceptedWithTheReceiveTime() {
        double invalidBefore = Meters.count(meters, "keel.ingest.timestamp.invalid", "source", "http");

        HttpResponse<String> response = post("/api/v1/events", JSON,
                "{\"event_id\":\"far\",\"timestamp\":\"+999999999-12-31T23:59:59Z\"}", KEY);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        Event event = sink.events().getFirst();
        assertThat(event.timestamp()).isEqualTo(event.receivedAt());
        assertThat(event.attributes()).containsEntry("timestamp_invalid", "+999999999-12-31T23:59:59Z");
        assertThat(Meters.count(meters, "keel.ingest.timestamp.invalid", "source", "http"))
                .isEqualTo(invalidBefore + 1);
    }

    @Test
    void aLargeNdjsonBodyArrivingInManyReadsKeepsEveryLineWhole() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            body.append("{\"event_id\":\"big-").append(i).append("\",\"message\":\"")
                    .append("b".repeat(900 + i)).append("\"}\n");
        }

        HttpResponse<String> plain = post("/api/v1/events/bulk", NDJSON, body.toString(), KEY);
        HttpResponse<String> gzipped = post("/api/v1/events/bulk", NDJSON, gzip(body.toString().getBytes(UTF_8)),
                "Content-Encoding", "gzip", KEY[0], KEY[1]);

        assertThat(json(plain)).isEqualTo(json("{\"accepted\":20,\"rejected\":0,\"errors\":[]}"));
        assertThat(json(gzipped)).isEqualTo(json("{\"accepted\":20,\"rejected\":0,\"errors\":[]}"));
        assertThat(sink.events()).hasSize(40).allSatisfy(
                event -> assertThat(event.message()).matches("b{900,919}"));
    }

    @Test
    void gzipBodiesAreInflatedOnBothEndpoints() {
        HttpResponse<String> single = post("/api/v1/events", JSON,
                gzip("{\"event_id\":\"gz-1\"}".getBytes(UTF_8)), "Content-Encoding", "gzip", KEY[0], KEY[1]);
        HttpResponse<String> bulk = post("/api/v1/events/bulk", NDJSON,
                gzip("{\"event_id\":\"gz-2\"}\n{\"event_id\":\"gz-3\"}\n".getBytes(UTF_8)), "Content-Encoding", "gzip",
                KEY[0], KEY[1]);

        assertThat(single.statusCode()).isEqualTo(202);
        assertThat(bulk.statusCode()).isEqualTo(202);
        assertThat(json(bulk).get("accepted").asInt()).isEqualTo(2);
        assertThat(sink.events()).extracting(Event::eventId).containsExactly("gz-1", "gz-2", "gz-3");
    }

    @Test
    void aBodyOverMaxBodySizeIs413WhetherDeclaredOrStreamed() {
        String big = ("{\"message\":\"" + "x".repeat(8000) + "\"}\n").repeat(10);

        HttpResponse<String> declared = post("/api/v1/events/bulk", NDJSON, big, KEY);
        HttpResponse<String> inflated = post("/api/v1/events/bulk", NDJSON, gzip(big.getBytes(UTF_8)),
                "Content-Encoding", "gzip", KEY[0], KEY[1]);

        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(error(declared)).contains("larger than max-body-size 65536 bytes");
        assertThat(inflated.statusCode()).isEqualTo(413);
        assertThat(error(inflated)).isEqualTo("the body is larger than max-body-size 65536 bytes (counted after"
                + " decompression)");
        assertThat(sink.count()).isZero();
    }

    @Test
    void aGzipBombIsRefusedWith413WithoutBeingInflated() throws IOException {
        double refusedBefore = Meters.count(meters, "keel.ingest.http.requests", "status", "413");
        // A 48 MB string in about 48 KB: under max-body-size as sent, so only the inflated count can stop it.
        byte[] bomb = GzipBodies.bomb("{\"message\":\"", 48);

        HttpResponse<String> response = post("/api/v1/events", JSON, bomb, "Content-Encoding", "gzip", KEY[0], KEY[1]);

        assertThat(bomb.length).isLessThan(300 * 1024).isLessThan(64 * 1024);
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(error(response)).contains("counted after decompression");
        assertThat(Meters.count(meters, "keel.ingest.http.requests", "status", "413")).isEqualTo(refusedBefore + 1);
    }

    @Test
    void aGzipBombOnTheBulkEndpointIsRefusedWith413WithoutBeingInflated() {
        byte[] bomb = GzipBodies.bomb("{\"message\":\"", 48); // 48 MB in about 48 KB

        HttpResponse<String> response = post("/api/v1/events/bulk", NDJSON, bomb, "Content-Encoding", "gzip", KEY[0],
                KEY[1]);

        assertThat(bomb.length).isLessThan(64 * 1024);
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(error(response)).isEqualTo("the body is larger than max-body-size 65536 bytes (counted after"
                + " decompression)");
        assertThat(sink.count()).isZero();
    }

    @Test
    void aGzipBodyThatNeverInflatesIsStoppedAtMaxBodySizeAsSent() {
        byte[] emptyBlocks = GzipBodies.emptyBlocks(200 * 1024);

        HttpResponse<String> response = HttpClients.postChunked(client, port, "/api/v1/events/bulk", NDJSON,
                emptyBlocks, "Content-Encoding", "gzip", KEY[0], KEY[1]);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(error(response)).isEqualTo("the body is larger than max-body-size 65536 bytes as sent"
                + " (compressed)");
    }

    @Test
    void perEventLimitsRejectOnlyTheEventsThatBreakThem() {
        String deep = "{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":1}}}}}";
        StringBuilder wide = new StringBuilder("{\"f0\":0");
        for (int i = 1; i <= 16; i++) {
            wide.append(",\"f").append(i).append("\":").append(i);
        }
        wide.append('}');
        String large = "{\"message\":\"" + "m".repeat(1100) + "\"}";
        String fine = "{\"a\":{\"b\":{\"c\":1}},\"message\":\"" + "m".repeat(900) + "\"}";

        HttpResponse<String> response = post("/api/v1/events/bulk", NDJSON,
                String.join("\n", deep, wide, large, fine), KEY);

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(json(response)).isEqualTo(json("""
                {"accepted":1,"rejected":3,"errors":[
                  {"line":1,"error":"nesting is deeper than max-depth 4"},
                  {"line":2,"error":"more than max-fields 16 fields"},
                  {"line":3,"error":"line is longer than max-event-size 1024 bytes"}]}"""));
        assertThat(sink.count()).isEqualTo(1);
    }

    @Test
    void moreEventsThanMaxEventsIs413AndQueuesNothing() {
        HttpResponse<String> response = post("/api/v1/events/bulk", NDJSON, "{}\n".repeat(21), KEY);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(error(response)).contains("more than max-events 20");
        assertThat(sink.count()).isZero();
    }

    @Test
    void aRequestWithNothingValidIs400ListingEveryError() {
        HttpResponse<String> response = post("/api/v1/events", JSON, "[1, {\"event_id\": 5}]", KEY);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response)).isEqualTo(json("""
                {"error":"none of the 2 events is valid; see errors","accepted":0,"rejected":2,"errors":[
                  {"line":0,"error":"element must be a JSON object, got a number"},
                  {"line":1,"error":"event_id must be a string, got a number"}]}"""));
    }

    @Test
    void bodiesThatCannotBeReadAre400NamingTheProblem() {
        HttpResponse<String> broken = post("/api/v1/events", JSON, "[{\"a\":1}, {\"b\":", KEY);
        HttpResponse<String> notGzip = post("/api/v1/events", JSON, "{}".getBytes(UTF_8), "Content-Encoding", "gzip",
                KEY[0], KEY[1]);
        HttpResponse<String> empty = post("/api/v1/events/bulk", NDJSON, "", KEY);
        HttpResponse<String> emptyArray = post("/api/v1/events", JSON, "[]", KEY);

        assertThat(List.of(broken.statusCode(), notGzip.statusCode(), empty.statusCode(), emptyArray.statusCode()))
                .containsOnly(400);
        assertThat(error(emptyArray)).isEqualTo("the request holds no events (an empty array); send at least one"
                + " JSON object");
        assertThat(error(broken)).startsWith("the body is not valid JSON:");
        assertThat(error(notGzip)).startsWith("the body is not valid gzip:");
        assertThat(error(empty)).contains("holds no events");
        assertThat(sink.count()).isZero();
    }

    @Test
    void withoutAValidApiKeyTheAnswerIs401AndNothingIsQueued() {
        HttpResponse<String> missing = post("/api/v1/events", JSON, "{}");
        HttpResponse<String> wrong = post("/api/v1/events", JSON, "{}", "X-API-Key", "key-three");
        HttpResponse<String> second = post("/api/v1/events", JSON, "{}", "X-API-Key", "key-two");

        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(json(missing)).isEqualTo(json("{\"status\":401,\"error\":\"missing X-API-Key header\"}"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(error(wrong)).isEqualTo("the X-API-Key is not valid");
        assertThat(second.statusCode()).isEqualTo(202);
        assertThat(sink.count()).isEqualTo(1);
    }

    @Test
    void aWrongMediaTypeCharsetOrEncodingIs415() {
        HttpResponse<String> ndjsonToEvents = post("/api/v1/events", NDJSON, "{}", KEY);
        HttpResponse<String> jsonToBulk = post("/api/v1/events/bulk", JSON, "{}", KEY);
        HttpResponse<String> noType = post("/api/v1/events", null, "{}", KEY);
        HttpResponse<String> latin1 = post("/api/v1/events", "application/json; charset=ISO-8859-1", "{}", KEY);
        HttpResponse<String> brotli = post("/api/v1/events", JSON, "{}".getBytes(UTF_8), "Content-Encoding", "br",
                KEY[0], KEY[1]);
        HttpResponse<String> utf8 = post("/api/v1/events", "Application/JSON; charset=utf-8", "{}", KEY);

        assertThat(List.of(ndjsonToEvents, jsonToBulk, noType, latin1, brotli)).extracting(HttpResponse::statusCode)
                .containsOnly(415);
        assertThat(error(ndjsonToEvents)).isEqualTo(
                "Content-Type \"application/x-ndjson\" is not supported here; send application/json");
        assertThat(error(jsonToBulk)).endsWith("send application/x-ndjson");
        assertThat(error(latin1)).isEqualTo("charset \"ISO-8859-1\" is not supported; send UTF-8");
        assertThat(error(brotli)).contains("Content-Encoding \"br\" is not supported");
        assertThat(utf8.statusCode()).isEqualTo(202);
    }

    @Test
    void aDownstreamThatCannotTakeTheWholeRequestMeans429WithRetryAfterAndNothingQueued() {
        double tooManyBefore = Meters.count(meters, "keel.ingest.http.requests", "status", "429");
        sink.refuseWith(Admission.FULL);
        String body = "{\"event_id\":\"r1\"}\n{\"event_id\":\"r2\"}\n";

        HttpResponse<String> refused = post("/api/v1/events/bulk", NDJSON, body, KEY);

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(error(refused)).contains("none was queued");
        assertThat(sink.count()).isZero();

        sink.accept();
        HttpResponse<String> retried = post("/api/v1/events/bulk", NDJSON, body, KEY);

        assertThat(retried.statusCode()).isEqualTo(202);
        assertThat(sink.events()).extracting(Event::eventId).containsExactly("r1", "r2");
        assertThat(Meters.count(meters, "keel.ingest.http.requests", "status", "429")).isEqualTo(tooManyBefore + 1);
    }

    @Test
    void whileIngestIsStoppedTheAnswerIs503WithRetryAfterAndAfterARestart202() {
        assertThat(ingest.stop().clean()).isTrue();

        HttpResponse<String> stopped = post("/api/v1/events", JSON, "{}", KEY);

        assertThat(stopped.statusCode()).isEqualTo(503);
        assertThat(stopped.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(error(stopped)).contains("ingest is not running");

        ingest.start();
        assertThat(post("/api/v1/events", JSON, "{}", KEY).statusCode()).isEqualTo(202);
    }

    @Test
    void moreRequestsInProgressThanMaxConcurrentRequestsGet429() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                slow.add(startSlowRequest("{\"event_id\":\"slow-" + i + "\"}\n"));
            }

            await().atMost(Duration.ofSeconds(30)).until(
                    () -> post("/api/v1/events", JSON, "{}", KEY).statusCode() == 429);
            HttpResponse<String> busy = post("/api/v1/events", JSON, "{}", KEY);

            assertThat(busy.statusCode()).isEqualTo(429);
            assertThat(error(busy)).contains("max-concurrent-requests 2");
            assertThat(busy.headers().firstValue("Retry-After")).hasValue("2");
            for (Socket socket : slow) {
                assertThat(finishSlowRequest(socket)).startsWith("HTTP/1.1 202");
            }
            assertThat(sink.ids()).contains("slow-0", "slow-1");
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    @Test
    void aBodyTricklingInBelowMinBodyRateIs408AndFreesItsSlot() throws Exception {
        try (Socket socket = startSlowRequest("{\"event_id\":\"late-1\"}\n")) {
            OutputStream out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), UTF_8));
            String statusLine = null;
            // One one-byte chunk a second: after its 2 s allowance the body is far below min-body-rate (4KB/s).
            for (int second = 0; second < 30 && statusLine == null; second++) {
                try {
                    out.write("1\r\n \r\n".getBytes(UTF_8));
                    out.flush();
                } catch (IOException closedByServer) {
                    break;
                }
                socket.setSoTimeout(1000);
                try {
                    statusLine = in.readLine();
                } catch (java.net.SocketTimeoutException noAnswerYet) {
                    // keep trickling
                }
            }
            if (statusLine == null) {
                socket.setSoTimeout(30_000);
                statusLine = in.readLine();
            }

            assertThat(statusLine).startsWith("HTTP/1.1 408");
            assertThat(restOfAnswer(in)).contains("the body arrives slower than min-body-rate 4096 bytes/s");
        }
        assertThat(sink.ids()).doesNotContain("late-1");
        assertThat(post("/api/v1/events", JSON, "{}", KEY).statusCode()).isEqualTo(202);
        // Both slots are free again: two slow requests fill them, a third is refused, and both then finish.
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                slow.add(startSlowRequest("{\"event_id\":\"after-408-" + i + "\"}\n"));
            }
            await().atMost(Duration.ofSeconds(30)).until(
                    () -> post("/api/v1/events", JSON, "{}", KEY).statusCode() == 429);
            for (Socket socket : slow) {
                assertThat(finishSlowRequest(socket)).startsWith("HTTP/1.1 202");
            }
            assertThat(sink.ids()).contains("after-408-0", "after-408-1");
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    @Test
    void aRequestStillBeingReadWhenStopBeginsIs503AndQueuesNothing() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                slow.add(startSlowRequest("{\"event_id\":\"straddling-" + i + "\"}\n"));
            }
            // A third request refused for max-concurrent-requests: both are inside the intake, reading.
            await().atMost(Duration.ofSeconds(30)).until(
                    () -> post("/api/v1/events", JSON, "{}", KEY).statusCode() == 429);

            assertThat(ingest.stop().clean()).isTrue();

            for (Socket socket : slow) {
                assertThat(finishSlowRequest(socket)).startsWith("HTTP/1.1 503");
            }
            assertThat(sink.count()).isZero();
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    /** Sends the headers and one chunk of a chunked NDJSON request, and no more: the server waits for the rest. */
    private Socket startSlowRequest(String firstLine) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(30_000);
        OutputStream out = socket.getOutputStream();
        byte[] chunk = firstLine.getBytes(UTF_8);
        out.write(("POST /api/v1/events/bulk HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-ndjson\r\n"
                + "X-API-Key: key-one\r\nTransfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(chunk.length)
                + "\r\n").getBytes(UTF_8));
        out.write(chunk);
        out.write("\r\n".getBytes(UTF_8));
        out.flush();
        return socket;
    }

    private static String finishSlowRequest(Socket socket) throws IOException {
        socket.getOutputStream().write("0\r\n\r\n".getBytes(UTF_8));
        socket.getOutputStream().flush();
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), UTF_8)).readLine();
    }

    /** What follows the status line of a raw answer: its headers and, last, the line with its JSON error. */
    private static String restOfAnswer(BufferedReader in) throws IOException {
        StringBuilder rest = new StringBuilder();
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            rest.append(line).append('\n');
            if (line.contains("\"error\"")) {
                break;
            }
        }
        return rest.toString();
    }

    private HttpResponse<String> post(String path, String contentType, String body, String... headers) {
        return post(path, contentType, body.getBytes(UTF_8), headers);
    }

    private HttpResponse<String> post(String path, String contentType, byte[] body, String... headers) {
        return HttpClients.post(client, port, path, contentType, body, headers);
    }

    private static JsonNode json(HttpResponse<String> response) {
        return json(response.body());
    }

    private static JsonNode json(String text) {
        return MAPPER.readTree(text);
    }

    private static String error(HttpResponse<String> response) {
        return json(response).get("error").asString();
    }
}
