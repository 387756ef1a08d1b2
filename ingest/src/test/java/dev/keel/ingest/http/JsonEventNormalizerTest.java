package dev.keel.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.storage.Event;
import java.math.BigInteger;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonEventNormalizerTest {

    private static final long RECEIVED = Instant.parse("2026-11-24T10:00:00Z").toEpochMilli();

    private final JsonEventNormalizer normalizer = new JsonEventNormalizer();

    @Test
    void mapsCommonFieldsAndKeepsEverythingElseInAttributes() throws Exception {
        JsonEventNormalizer.Normalized normalized = normalizer.normalize(fields("event_id", "abc-1", "timestamp",
                "2026-11-24T09:00:00.5+01:00", "host", "web01", "user", "alice", "action", "login", "src_ip",
                "10.0.0.1", "severity", 3, "message", "hello", "nested", Map.of("a", List.of(1, 2)), "flag", true),
                RECEIVED);
        Event event = normalized.event();

        assertThat(normalized.timestampInvalid()).isFalse();

        assertThat(event.eventId()).isEqualTo("abc-1");
        assertThat(event.timestamp()).isEqualTo(Instant.parse("2026-11-24T08:00:00.500Z").toEpochMilli());
        assertThat(event.receivedAt()).isEqualTo(RECEIVED);
        assertThat(event.source()).isEqualTo("http");
        assertThat(event.host()).isEqualTo("web01");
        assertThat(event.user()).isEqualTo("alice");
        assertThat(event.action()).isEqualTo("login");
        assertThat(event.srcIp()).isEqualTo("10.0.0.1");
        assertThat(event.severity()).isEqualTo("3");
        assertThat(event.message()).isEqualTo("hello");
        assertThat(event.attributes()).containsOnlyKeys("nested", "flag")
                .containsEntry("nested", Map.of("a", List.of(1, 2))).containsEntry("flag", true);
    }

    @Test
    void generatesAnIdAndTakesTheReceiveTimeWhenAbsentOrNull() throws Exception {
        Event absent = normalizer.normalize(fields("message", "x"), RECEIVED).event();
        Event nulls = normalizer.normalize(fields("event_id", null, "timestamp", null), RECEIVED).event();

        assertThat(absent.eventId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(absent.timestamp()).isEqualTo(RECEIVED);
        assertThat(nulls.eventId()).isNotEqualTo(absent.eventId());
        assertThat(nulls.timestamp()).isEqualTo(RECEIVED);
        assertThat(nulls.attributes()).doesNotContainKey("timestamp_invalid");
    }

    @Test
    void takesEpochMillisecondsAndLowerCaseRfc3339() throws Exception {
        assertThat(normalizer.normalize(fields("timestamp", 1_700_000_000_123L), RECEIVED).event().timestamp())
                .isEqualTo(1_700_000_000_123L);
        assertThat(normalizer.normalize(fields("timestamp", "2026-01-02t03:04:05z"), RECEIVED).event().timestamp())
                .isEqualTo(Instant.parse("2026-01-02T03:04:05Z").toEpochMilli());
    }

    @Test
    void keepsAn128CharacterIdAndRefusesLongerOrEmptyOrNonStringIds() throws Exception {
        assertThat(normalizer.normalize(fields("event_id", "x".repeat(128)), RECEIVED).event().eventId()).hasSize(128);
        assertThatThrownBy(() -> normalizer.normalize(fields("event_id", "x".repeat(129)), RECEIVED))
                .hasMessage("event_id must be 1 to 128 characters, got 129");
        assertThatThrownBy(() -> normalizer.normalize(fields("event_id", ""), RECEIVED))
                .hasMessage("event_id must be 1 to 128 characters, got 0");
        assertThatThrownBy(() -> normalizer.normalize(fields("event_id", 42), RECEIVED))
                .hasMessage("event_id must be a string, got a number");
    }

    @Test
    void aTimestampThatIsNeitherEpochMillisNorRfc3339TakesTheReceiveTimeAndIsKeptAsTimestampInvalid()
            throws Exception {
        List<Object> invalid = List.of("yesterday", 1.5, -1, "2026-01-02T03:04:05", true, Map.of("at", 1),
                new BigInteger("99999999999999999999"));
        for (Object value : invalid) {
            JsonEventNormalizer.Normalized normalized = normalizer.normalize(
                    fields("event_id", "e", "timestamp", value, "message", "kept"), RECEIVED);

            assertThat(normalized.timestampInvalid()).as("%s", value).isTrue();
            assertThat(normalized.event().timestamp()).as("%s", value).isEqualTo(RECEIVED);
            assertThat(normalized.event().message()).isEqualTo("kept");
            assertThat(normalized.event().attributes()).as("%s", value).containsOnlyKeys("timestamp_invalid")
                    .containsEntry("timestamp_invalid", value);
        }
    }

    @Test
    void aTimestampBeyondWhatEpochMillisecondsCanHoldTakesTheReceiveTimeInsteadOfFailing() throws Exception {
        // java.time parses this, but its epoch milliseconds overflow a long: it used to escape as ArithmeticException.
        JsonEventNormalizer.Normalized normalized = normalizer.normalize(
                fields("timestamp", "+999999999-12-31T23:59:59Z"), RECEIVED);

        assertThat(normalized.timestampInvalid()).isTrue();
        assertThat(normalized.event().timestamp()).isEqualTo(RECEIVED);
        assertThat(normalized.event().attributes()).containsEntry("timestamp_invalid", "+999999999-12-31T23:59:59Z");
    }

    @Test
    void refusesObjectsAndArraysInCommonFields() {
        assertThatThrownBy(() -> normalizer.normalize(fields("src_ip", Map.of("address", "x")), RECEIVED))
                .hasMessage("src_ip must be a string, number or boolean, got an object");
        assertThatThrownBy(() -> normalizer.normalize(fields("src_ip", List.of()), RECEIVED))
                .hasMessage("src_ip must be a string, number or boolean, got an array");
        assertThatThrownBy(() -> normalizer.normalize(fields("host", List.of("a")), RECEIVED))
                .hasMessage("host must be a string, number or boolean, got an array");
    }

    @Test
    void readsElasticCommonSchemaAsWinlogbeatSendsIt() throws Exception {
        Map<String, Object> host = Map.of("name", "WS01", "os", Map.of("family", "windows"));
        Event event = normalizer.normalize(fields("@timestamp", "2026-12-08T10:15:02.123Z", "host", host, "user",
                Map.of("domain", "CORP"), "message", "Process Create"), RECEIVED).event();

        assertThat(event.timestamp()).isEqualTo(Instant.parse("2026-12-08T10:15:02.123Z").toEpochMilli());
        assertThat(event.host()).isEqualTo("WS01");
        assertThat(event.user()).isNull(); // an object without a name gives no common field, and stays whole
        assertThat(event.attributes()).containsEntry("host", host).containsEntry("user", Map.of("domain", "CORP"))
                .doesNotContainKey("@timestamp");
    }

    @Test
    void timestampWinsOverTheEcsOne() throws Exception {
        Event event = normalizer.normalize(fields("timestamp", 1_700_000_000_123L, "@timestamp",
                "2026-12-08T10:15:02Z"), RECEIVED).event();

        assertThat(event.timestamp()).isEqualTo(1_700_000_000_123L);
        assertThat(event.attributes()).containsEntry("@timestamp", "2026-12-08T10:15:02Z");
    }

    @Test
    void givesTheInputsLogSourceToEventsThatCarryNone() throws Exception {
        Map<String, String> sysmon = Map.of("product", "windows", "service", "sysmon");

        Event plain = normalizer.normalize(fields("message", "x"), RECEIVED, sysmon).event();
        Event nested = normalizer.normalize(fields("logsource", Map.of("product", "linux")), RECEIVED, sysmon).event();
        Event flat = normalizer.normalize(fields("logsource.product", "linux"), RECEIVED, sysmon).event();

        assertThat(plain.attributes()).containsEntry("logsource", sysmon);
        assertThat(nested.attributes()).containsEntry("logsource", Map.of("product", "linux"));
        assertThat(flat.attributes()).containsOnlyKeys("logsource.product");
    }

    private static Map<String, Object> fields(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }
}
