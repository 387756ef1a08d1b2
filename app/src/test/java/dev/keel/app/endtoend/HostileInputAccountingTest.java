package dev.keel.app.endtoend;

import static dev.keel.app.support.Bodies.concat;
import static dev.keel.app.support.Bodies.gzip;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.app.support.Http;
import dev.keel.app.support.RunningKeel;
import dev.keel.lifecycle.testing.LeakCheck;
import dev.keel.storage.StorageComponent;
import dev.keel.storage.TableCounters;
import dev.keel.storage.testing.ClickHouseExtension;
import dev.keel.storage.testing.ClickHouseHttp;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every acknowledged event is accounted for under hostile input, through the whole stack on a
 * private ClickHouse server: requests mixing valid events with ids that differ only in ways a
 * careless decoder erases (half surrogate pairs, normalization, case, trailing space, a literal
 * '?', an escaped NUL), bodies that are not UTF-8, gzip with bytes after it, stacked codings.
 * The ids the 202 answers acknowledged (each request's events minus the ones its answer lists as
 * rejected) are exactly the ids stored, one row each, plus any dead-lettered with a reason; and
 * storage's counters say the same: accepted = stored + dead-lettered, nothing spooled, lost or
 * still pending after the stop.
 */
class HostileInputAccountingTest {

    @RegisterExtension
    static final ClickHouseExtension clickhouse = new ClickHouseExtension();

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create().linger(Duration.ofSeconds(30));

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Set<String> acknowledged = new HashSet<>();
    private final Map<Integer, Integer> answers = new HashMap<>();

    @Test
    void theAcknowledgedIdsAreExactlyTheStoredAndDeadLetteredOnesAndTheCountersAgree(@TempDir Path directory)
            throws Exception {
        ClickHouseTables tables = new ClickHouseTables(server(), "e2e_hostile_input");
        RunningKeel keel = KeelOnClickHouse.start(server(), tables.database(), directory, "correlation", Map.of());
        StorageComponent storage = keel.storage();
        try (Http http = new Http()) {
            tables.stopMerges();
            // NDJSON: ids as the JSON text writes them (escapes and all), and what Java makes of them.
            bulk(http, keel, List.of(
                    line("coll-\\ud800"), line("coll-\\udbff"), line("coll-\\udfff"), line("coll-?"),
                    line("caf\\u00e9"), line("cafe\\u0301"), line("Case"), line("case"), line("sp"), line("sp "),
                    line("nul-\\u0000x"), line("pair-\\ud83d\\ude00"), line("x".repeat(129)),
                    "{\"event_id\":\"old\",\"timestamp\":\"1969-12-31T23:59:59Z\"}",
                    "{\"event_id\":\"huge\",\"n\":1e999}"),
                    ids(null, null, null, "coll-?", "caf\u00e9", "cafe\u0301", "Case", "case", "sp", "sp ",
                            "nul-\u0000x", "pair-\uD83D\uDE00", null, "old", null));
            // A JSON array whose middle element's id holds half a pair.
            array(http, keel, "[" + line("arr-1") + "," + line("arr-\\udc00") + ",{\"event_id\":\"arr-3\"}]",
                    ids("arr-1", null, "arr-3"));
            // Whole bodies refused: nothing of them may be stored, not even their valid first lines.
            refused(http, keel, concat(line("bad-1").getBytes(UTF_8), "\n{\"event_id\":\"bad-2\",\"m\":\"".getBytes(UTF_8),
                    new byte[] {(byte) 0xC0, (byte) 0xAF}, "\"}\n".getBytes(UTF_8)), 400);
            refused(http, keel, (line("bad-utf16") + "\n").getBytes(StandardCharsets.UTF_16LE), 400);
            refused(http, keel, concat(gzip((line("bad-gzip") + "\n").getBytes(UTF_8)), line("bad-hidden").getBytes(UTF_8)), 400,
                    "Content-Encoding", "gzip");
            refused(http, keel, gzip((line("bad-stacked") + "\n").getBytes(UTF_8)), 415, "Content-Encoding", "gzip",
                    "Content-Encoding", "gzip");
        } finally {
            keel.close(); // writes everything accepted before it returns
        }

        assertThat(answers).as("answers per status").containsEntry(202, 2).containsEntry(400, 3).containsEntry(415, 1);
        assertThat(acknowledged).hasSize(12);
        Map<String, Long> stored = storedIds(tables);
        Map<String, String> deadLettered = deadLetters(tables);
        Set<String> accountedFor = new HashSet<>(stored.keySet());
        accountedFor.addAll(deadLettered.keySet());
        assertThat(accountedFor).as("stored or dead-lettered = acknowledged").isEqualTo(acknowledged);
        assertThat(stored).as("one row per id: none merged, none doubled").allSatisfy((id, rows) ->
                assertThat(rows).isEqualTo(1));
        assertThat(deadLettered).as("every dead letter says why").allSatisfy((id, reason) ->
                assertThat(reason).isNotBlank());
        TableCounters events = storage.counters().events();
        assertThat(events.accepted()).as("%s", events).isEqualTo(acknowledged.size());
        assertThat(events.stored()).as("%s", events).isEqualTo(stored.size());
        assertThat(events.deadLettered()).as("%s", events).isEqualTo(deadLettered.size());
        assertThat(events.balanced() && events.settled()).as("nothing pending after the stop: %s", events).isTrue();
        assertThat(events.spooled() + events.lost()).as("%s", events).isZero();
    }

    private void bulk(Http http, RunningKeel keel, List<String> lines, List<String> ids) throws Exception {
        HttpResponse<String> answer = http.post(keel.uri("/api/v1/events/bulk"), "application/x-ndjson",
                String.join("\n", lines).getBytes(UTF_8));
        acknowledge(answer, ids, 1);
    }

    private void array(Http http, RunningKeel keel, String body, List<String> ids) throws Exception {
        acknowledge(http.post(keel.uri("/api/v1/events"), "application/json", body.getBytes(UTF_8)), ids, 0);
    }

    private void refused(Http http, RunningKeel keel, byte[] body, int status, String... headers) throws Exception {
        HttpResponse<String> answer = http.post(keel.uri("/api/v1/events/bulk"), "application/x-ndjson", body, headers);
        answers.merge(answer.statusCode(), 1, Integer::sum);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        assertThat(JSON.readTree(answer.body()).path("error").asString()).isNotBlank();
    }

    /**
     * What a client learns from an answer: with 202, every event of its request but those listed
     * as rejected (by 0-based index, or 1-based line) is acknowledged. {@code expected} names, per
     * event, the id Java should read from it, or null where it must be rejected.
     */
    private void acknowledge(HttpResponse<String> answer, List<String> expected, int firstLine) {
        answers.merge(answer.statusCode(), 1, Integer::sum);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        JsonNode body = JSON.readTree(answer.body());
        Set<Integer> rejected = new HashSet<>();
        body.path("errors").forEach(error -> rejected.add(error.path("line").asInt() - firstLine));
        List<Integer> shouldBeRejected = new ArrayList<>();
        for (int i = 0; i < expected.size(); i++) {
            if (expected.get(i) == null) {
                shouldBeRejected.add(i);
            } else if (!rejected.contains(i)) {
                acknowledged.add(expected.get(i));
            }
        }
        assertThat(rejected).as(answer.body()).containsExactlyInAnyOrderElementsOf(shouldBeRejected);
        assertThat(body.path("accepted").asInt()).isEqualTo(expected.size() - shouldBeRejected.size());
    }

    private static Map<String, Long> storedIds(ClickHouseTables tables) throws IOException {
        Map<String, Long> rows = new HashMap<>();
        for (String line : rows("SELECT event_id FROM " + tables.database() + ".events FORMAT JSONEachRow")) {
            rows.merge(JSON.readTree(line).path("event_id").asString(), 1L, Long::sum);
        }
        return rows;
    }

    private static Map<String, String> deadLetters(ClickHouseTables tables) throws IOException {
        Map<String, String> reasons = new HashMap<>();
        for (String line : rows("SELECT row_id, reason FROM " + tables.database()
                + ".dead_letters WHERE table_name = 'events' FORMAT JSONEachRow")) {
            JsonNode row = JSON.readTree(line);
            reasons.put(row.path("row_id").asString(), row.path("reason").asString());
        }
        return reasons;
    }

    private static List<String> rows(String sql) throws IOException {
        return server().query(sql).lines().filter(line -> !line.isBlank()).toList();
    }

    private static String line(String id) {
        return "{\"event_id\":\"" + id + "\",\"action\":\"e2e-hostile\"}";
    }

    private static List<String> ids(String... ids) {
        return java.util.Arrays.asList(ids);
    }



    private static ClickHouseHttp server() {
        return clickhouse.server().http();
    }
}
