package dev.keel.app.attack;

import static dev.keel.app.support.Bodies.concat;
import static dev.keel.app.support.Bodies.gzip;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.app.process.KeelProcess;
import dev.keel.app.support.Http;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The encoding cases a filter in front of Keel could read otherwise than Keel does, sent to the
 * packaged service: each whole body is refused in the service's error format ({@code status}
 * and {@code error}), and of a request with half a surrogate pair only the other event is taken.
 */
final class EncodingCases {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String NDJSON = "application/x-ndjson";

    private EncodingCases() {}

    /**
     * Sends the cases, adding every id that must never be stored to {@code neverStored}.
     *
     * @return the one id they had acknowledged
     */
    static String send(Http http, KeelProcess keel, int round, Set<String> neverStored)
            throws IOException, InterruptedException {
        String prefix = "enc-" + round + "-";
        refused(http, keel, 400, concat(line(prefix + "overlong"), new byte[] {(byte) 0xC0, (byte) 0xAF}), neverStored,
                prefix + "overlong");
        refused(http, keel, 400, (event(prefix + "utf16") + "\n").getBytes(StandardCharsets.UTF_16LE), neverStored,
                prefix + "utf16");
        refused(http, keel, 400, concat(gzip(line(prefix + "gzip")), line(prefix + "hidden")), neverStored,
                prefix + "gzip", "Content-Encoding", "gzip");
        neverStored.add(prefix + "hidden");
        refused(http, keel, 415, gzip(line(prefix + "stacked")), neverStored, prefix + "stacked",
                "Content-Encoding", "gzip", "Content-Encoding", "gzip");

        String taken = prefix + "pair-\uD83D\uDE00";
        HttpResponse<String> half = http.post(keel.uri("/api/v1/events/bulk"), NDJSON,
                (event(prefix + "coll-\\ud800") + "\n" + event(prefix + "pair-\\ud83d\\ude00") + "\n").getBytes(UTF_8));
        assertThat(half.statusCode()).as(half.body()).isEqualTo(202);
        JsonNode answer = JSON.readTree(half.body());
        assertThat(answer.path("accepted").asInt()).isEqualTo(1);
        assertThat(answer.path("errors").path(0).path("error").asString()).contains("unpaired surrogate");
        neverStored.add(prefix + "coll-?");
        return taken;
    }

    private static void refused(Http http, KeelProcess keel, int status, byte[] body, Set<String> neverStored,
            String id, String... headers) throws IOException, InterruptedException {
        neverStored.add(id);
        HttpResponse<String> answer = http.post(keel.uri("/api/v1/events/bulk"), NDJSON, body, headers);
        assertThat(answer.statusCode()).as("%s: %s", id, answer.body()).isEqualTo(status);
        JsonNode error = JSON.readTree(answer.body());
        assertThat(error.path("status").asInt()).as(answer.body()).isEqualTo(status);
        assertThat(error.path("error").asString()).as(answer.body()).isNotBlank();
    }

    private static String event(String id) {
        return "{\"event_id\":\"" + id + "\"}";
    }

    private static byte[] line(String id) {
        return (event(id) + "\n").getBytes(UTF_8);
    }


}
