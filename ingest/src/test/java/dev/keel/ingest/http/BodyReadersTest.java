package dev.keel.ingest.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.storage.Event;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSON and NDJSON readers on their own: per-event limits, line numbers, indexes, refusals. */
class BodyReadersTest {

    private static final HttpIntakeSettings SETTINGS = new HttpIntakeSettings(List.of(), 1 << 20, 200, 3, 5, 10, 4, 4,
            Duration.ZERO, Duration.ofSeconds(30), 0, Duration.ofSeconds(1), Map.of());

    private final JsonBodyReader json = new JsonBodyReader(SETTINGS);
    private final NdjsonBodyReader ndjson = new NdjsonBodyReader(SETTINGS);

    @Test
    void ndjsonRejectsBadLinesByTheirOneBasedNumberAndKeepsTheRest() throws Exception {
        ParsedBody parsed = ndjson.read(body("""
                {"event_id":"a"}

                not json
                [1,2]
                {"event_id":"b"} {"x":1}
                {"event_id":"c"}\r
                {"event_id":"d\""""), 0);

        assertThat(parsed.events()).extracting(Event::eventId).containsExactly("a", "c");
        assertThat(parsed.errors()).extracting(EventError::line).containsExactly(3L, 4L, 5L, 7L);
        assertThat(parsed.errors().get(0).error()).startsWith("invalid JSON: Unrecognized token 'not'");
        assertThat(parsed.errors().get(1).error()).isEqualTo("line must hold a JSON object, got an array");
        assertThat(parsed.errors().get(2).error()).isEqualTo("found an object after the JSON object; one object per line");
        assertThat(parsed.errors().get(3).error()).startsWith("invalid JSON:");
    }

    @Test
    void depthFieldsAndSizeLimitsRejectOnlyTheEventThatBreaksThem() throws Exception {
        String deep = "{\"a\":{\"b\":{\"c\":{}}}}";
        String wide = "{\"f1\":1,\"f2\":2,\"f3\":3,\"f4\":4,\"f5\":5,\"f6\":6}";
        String nestedWide = "{\"a\":{\"b\":1,\"c\":2},\"d\":{\"e\":3,\"f\":4}}";
        String big = "{\"message\":\"" + "x".repeat(250) + "\"}";
        String fine = "{\"a\":{\"b\":{\"c\":1}},\"d\":[[1]]}";

        ParsedBody parsed = ndjson.read(body(String.join("\n", deep, wide, nestedWide, big, fine,
                "{\"a\":1,\"a\":2}")), 0);

        assertThat(parsed.events()).hasSize(1);
        assertThat(parsed.events().getFirst().attributes()).containsKeys("a", "d");
        assertThat(parsed.errors()).containsExactly(
                new EventError(1, "nesting is deeper than max-depth 3"),
                new EventError(2, "more than max-fields 5 fields"),
                new EventError(3, "more than max-fields 5 fields"),
                new EventError(4, "line is longer than max-event-size 200 bytes"),
                new EventError(6, "field \"a\" appears more than once"));
    }

    @Test
    void aJsonArrayRejectsElementsByZeroBasedIndexAndSkipsTheirRestCleanly() throws Exception {
        ParsedBody parsed = json.read(body("""
                [{"event_id":"a"}, "text", {"deep":{"er":{"than":{"three":[1,{"x":2}]}}},"after":1},
                 {"event_id":"b"}, {"message":"%s"}, {"event_id":"c"}]""".formatted("y".repeat(300))), 0);

        assertThat(parsed.events()).extracting(Event::eventId).containsExactly("a", "b", "c");
        assertThat(parsed.errors()).containsExactly(
                new EventError(1, "element must be a JSON object, got a string"),
                new EventError(2, "nesting is deeper than max-depth 3"),
                new EventError(4, "event is larger than max-event-size 200 bytes"));
    }

    @Test
    void aNumberBeyondADoublesRangeRejectsItsEventInsteadOfBecomingInfinity() throws Exception {
        ParsedBody lines = ndjson.read(body("""
                {"event_id":"big","x":1e999}
                {"event_id":"small","x":[-1e999]}
                {"event_id":"fine","x":1.5e300,"y":123456789012345678901234567890}"""), 0);
        ParsedBody array = json.read(body("[{\"x\":{\"y\":-1E400}}, {\"event_id\":\"after\"}]"), 0);

        assertThat(lines.events()).extracting(Event::eventId).containsExactly("fine");
        assertThat(lines.errors()).containsExactly(
                new EventError(1, "number \"1e999\" is out of range: beyond a double, it is not a finite number"),
                new EventError(2, "number \"-1e999\" is out of range: beyond a double, it is not a finite number"));
        assertThat(array.events()).extracting(Event::eventId).containsExactly("after");
        assertThat(array.errors()).extracting(EventError::line).containsExactly(0L);
    }

    @Test
    void anEmptyArraySaysTheRequestHoldsNoEvents() {
        assertThatThrownBy(() -> json.read(body(" [ ] "), 0)).isInstanceOfSatisfying(RefusedBodyException.class,
                e -> assertThat(e.status()).isEqualTo(400))
                .hasMessage("the request holds no events (an empty array); send at least one JSON object");
    }

    @Test
    void aLoneObjectIsOneEvent() throws Exception {
        ParsedBody parsed = json.read(body("{\"event_id\":\"solo\",\"k\":\"v\"}"), 0);

        assertThat(parsed.events()).extracting(Event::eventId).containsExactly("solo");
    }

    @Test
    void bodiesThatAreNotWhatTheEndpointTakesAreRefusedAsAWhole() {
        assertThatThrownBy(() -> json.read(body(""), 0)).hasMessageContaining("the body is empty");
        assertThatThrownBy(() -> json.read(body("\"str\""), 0)).hasMessageContaining("the body is a string");
        assertThatThrownBy(() -> json.read(body("[{\"a\":1},"), 0)).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> json.read(body("{\"a\":1} {\"b\":2}"), 0))
                .hasMessageContaining("found an object after the JSON object; send one object or one array"
                        + " (NDJSON goes to /api/v1/events/bulk)");
        assertThatThrownBy(() -> ndjson.read(body("\n  \n"), 0)).hasMessageContaining("holds no events");
    }

    @Test
    void moreEventsThanTheLimitRefuseTheRequestWith413() {
        String eleven = "{}\n".repeat(11);
        String array = "[" + "{},".repeat(10) + "{}]";

        assertThatThrownBy(() -> ndjson.read(body(eleven), 0)).isInstanceOfSatisfying(RefusedBodyException.class,
                e -> assertThat(e.status()).isEqualTo(413)).hasMessageContaining("more than max-events 10");
        assertThatThrownBy(() -> json.read(body(array), 0)).isInstanceOfSatisfying(RefusedBodyException.class,
                e -> assertThat(e.status()).isEqualTo(413));
    }

    @Test
    void aBodyPastTheLimitStopsTheReaderWithBodyTooLarge() {
        InputStream limited = new LimitedInputStream(body("{}\n".repeat(100)), 50);

        assertThatThrownBy(() -> ndjson.read(limited, 0)).isInstanceOf(BodyTooLargeException.class);
        assertThatThrownBy(() -> json.read(new LimitedInputStream(body("[" + "{},".repeat(40) + "{}]"), 50), 0))
                .isInstanceOf(BodyTooLargeException.class);
    }

    private static InputStream body(String text) {
        return new ByteArrayInputStream(text.getBytes(UTF_8));
    }
}
