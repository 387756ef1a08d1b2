package dev.keel.ingest.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.ingest.IngestComponent;
import dev.keel.ingest.support.GzipBodies;
import dev.keel.ingest.support.HttpClients;
import dev.keel.ingest.support.IngestTestApplication;
import dev.keel.ingest.support.RecordingSink;
import dev.keel.lifecycle.testing.LeakCheck;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
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

/**
 * Input that a filter in front of Keel could read otherwise than Keel does is refused, over a
 * real server and client: bytes that are not UTF-8 (overlong forms, UTF-16, a cut-off sequence),
 * JSON escapes that make half a character, a gzip body with bytes after it, and more than one
 * content coding. Nothing of a refused body reaches downstream, and ids that differ as sent are
 * never merged.
 */
@SpringBootTest(classes = IngestTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "keel.ingest.syslog.enabled=false")
class StrictInputTest {

    private static final String JSON = "application/json";
    private static final String NDJSON = "application/x-ndjson";
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
    void bytesThatAreNotUtf8Are400NamingWhereTheyBreak() {
        byte[] overlong = concat("{\"event_id\":\"a".getBytes(UTF_8), new byte[] {(byte) 0xC0, (byte) 0xAF},
                "\"}".getBytes(UTF_8));
        byte[] encodedSurrogate = concat("{\"m\":\"".getBytes(UTF_8), new byte[] {(byte) 0xED, (byte) 0xA0,
                (byte) 0x80}, "\"}".getBytes(UTF_8));
        byte[] cutOff = concat("{\"m\":1}\n{\"m\":\"".getBytes(UTF_8), new byte[] {(byte) 0xE2, (byte) 0x82});

        HttpResponse<String> overlongAnswer = post("/api/v1/events", JSON, overlong);
        HttpResponse<String> utf16 = post("/api/v1/events", JSON, "{\"event_id\":\"u\"}".getBytes(StandardCharsets.UTF_16LE));
        HttpResponse<String> utf16WithBom = post("/api/v1/events/bulk", NDJSON,
                "{\"event_id\":\"u\"}\n".getBytes(StandardCharsets.UTF_16));
        HttpResponse<String> surrogate = post("/api/v1/events", JSON, encodedSurrogate);
        HttpResponse<String> cutOffAnswer = post("/api/v1/events/bulk", NDJSON, cutOff);
        HttpResponse<String> gzipped = post("/api/v1/events", JSON, GzipBodies.gzip(overlong), "Content-Encoding", "gzip");

        assertThat(List.of(overlongAnswer, utf16, utf16WithBom, surrogate, cutOffAnswer, gzipped))
                .extracting(HttpResponse::statusCode).containsOnly(400);
        assertThat(error(overlongAnswer)).isEqualTo("the body is not valid UTF-8 at byte 14 (0xC0); send UTF-8"
                + " without overlong forms or encoded surrogates");
        assertThat(error(utf16)).isEqualTo("the body holds a NUL byte at byte 1, which JSON text never does;"
                + " send UTF-8 (UTF-16 and UTF-32 are not accepted)");
        assertThat(error(utf16WithBom)).startsWith("the body is not valid UTF-8 at byte 0 (0xFE)");
        assertThat(error(surrogate)).startsWith("the body is not valid UTF-8 at byte 6 (0xED 0xA0 0x80)");
        assertThat(error(cutOffAnswer)).startsWith("the body is not valid UTF-8 at byte 14 (0xE2 0x82, cut off by"
                + " the end of the body)");
        assertThat(error(gzipped)).startsWith("the body (after decompression) is not valid UTF-8 at byte 14");
        assertThat(sink.count()).as("the valid line before the cut was not taken either").isZero();
    }

    @Test
    void escapesThatMakeHalfACharacterAreRefusedSoDistinctIdsAreNeverMerged() {
        HttpResponse<String> collisions = post("/api/v1/events/bulk", NDJSON, """
                {"event_id":"coll-\\ud800"}
                {"event_id":"coll-\\udbff"}
                {"event_id":"coll-\\udfff"}
                """.getBytes(UTF_8));
        HttpResponse<String> mixed = post("/api/v1/events", JSON, """
                [{"event_id":"pair-\\ud83d\\ude00"}, {"m":"\\udc00"}]""".getBytes(UTF_8));
        HttpResponse<String> name = post("/api/v1/events", JSON, """
                {"\\udc00":1}""".getBytes(UTF_8));

        assertThat(collisions.statusCode()).isEqualTo(400);
        assertThat(json(collisions).get("rejected").asInt()).isEqualTo(3);
        assertThat(json(collisions).get("errors").get(0).get("error").asString()).isEqualTo("the string at line 1,"
                + " column 13 holds an unpaired surrogate \\ud800 (a JSON escape for half a character), which UTF-8"
                + " cannot carry");
        assertThat(mixed.statusCode()).isEqualTo(202);
        assertThat(json(mixed).get("errors").get(0).get("error").asString())
                .startsWith("the string at line 1, column 41 holds an unpaired surrogate \\udc00");
        assertThat(name.statusCode()).isEqualTo(400);
        assertThat(error(name)).isEqualTo("the body is not valid JSON: Unexpected low surrogate in property name"
                + " (DC00) without preceding high surrogate (line 1, column 9)");
        assertThat(sink.ids()).as("a whole pair is a character like any other").containsExactly("pair-\uD83D\uDE00");
    }

    @Test
    void aGzipBodyWithBytesAfterItsLastMemberIs400AndConcatenatedMembersAreRead() {
        byte[] member = GzipBodies.gzip("{\"event_id\":\"g1\"}\n".getBytes(UTF_8));
        byte[] second = GzipBodies.gzip("{\"event_id\":\"g2\"}\n".getBytes(UTF_8));

        HttpResponse<String> garbage = post("/api/v1/events/bulk", NDJSON,
                concat(member, "{\"event_id\":\"hidden\"}\n".getBytes(UTF_8)), "Content-Encoding", "gzip");
        HttpResponse<String> oneZero = post("/api/v1/events/bulk", NDJSON, concat(member, new byte[1]),
                "Content-Encoding", "gzip");
        HttpResponse<String> truncated = post("/api/v1/events/bulk", NDJSON,
                java.util.Arrays.copyOf(member, member.length - 3), "Content-Encoding", "gzip");
        HttpResponse<String> twoMembers = post("/api/v1/events/bulk", NDJSON, concat(member, second),
                "Content-Encoding", "gzip");

        assertThat(List.of(garbage, oneZero, truncated)).extracting(HttpResponse::statusCode).containsOnly(400);
        assertThat(error(garbage)).isEqualTo("the body is not valid gzip: Unexpected data after a valid .gz stream.");
        assertThat(error(oneZero)).isEqualTo(error(garbage));
        assertThat(error(truncated)).startsWith("the body is not valid gzip:");
        assertThat(twoMembers.statusCode()).isEqualTo(202);
        assertThat(sink.ids()).containsExactly("g1", "g2");
    }

    @Test
    void moreThanOneContentCodingOrACharsetOtherThanUtf8Is415() {
        byte[] gzipped = GzipBodies.gzip("{}".getBytes(UTF_8));

        HttpResponse<String> repeated = post("/api/v1/events", JSON, gzipped, "Content-Encoding", "gzip",
                "Content-Encoding", "gzip");
        HttpResponse<String> stacked = post("/api/v1/events", JSON, gzipped, "Content-Encoding", "gzip, identity");
        HttpResponse<String> utf16 = post("/api/v1/events", "application/json; charset=UTF-16",
                "{}".getBytes(StandardCharsets.UTF_16));

        assertThat(List.of(repeated, stacked, utf16)).extracting(HttpResponse::statusCode).containsOnly(415);
        assertThat(error(repeated)).isEqualTo("Content-Encoding names 2 codings \"gzip, gzip\" in 2 headers;"
                + " send one Content-Encoding header, gzip or none");
        assertThat(error(stacked)).isEqualTo("Content-Encoding names 2 codings \"gzip, identity\"; send one"
                + " Content-Encoding header, gzip or none");
        assertThat(error(utf16)).isEqualTo("charset \"UTF-16\" is not supported; send UTF-8");
        assertThat(sink.count()).isZero();
    }

    private HttpResponse<String> post(String path, String contentType, byte[] body, String... headers) {
        return HttpClients.post(client, port, path, contentType, body, headers);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static JsonNode json(HttpResponse<String> response) {
        return MAPPER.readTree(response.body());
    }

    private static String error(HttpResponse<String> response) {
        return json(response).get("error").asString();
    }
}
