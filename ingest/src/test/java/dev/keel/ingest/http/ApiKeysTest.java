package dev.keel.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ApiKeysTest {

    @Test
    void withoutConfiguredKeysEveryRequestIsAllowed() {
        ApiKeys keys = new ApiKeys(List.of());

        assertThat(keys.check(null)).isEqualTo(ApiKeys.Verdict.ALLOWED);
        assertThat(keys.check("anything")).isEqualTo(ApiKeys.Verdict.ALLOWED);
    }

    @Test
    void withKeysOnlyAConfiguredKeyIsAllowed() {
        ApiKeys keys = new ApiKeys(List.of("first-key", "second-key"));

        assertThat(keys.check("first-key")).isEqualTo(ApiKeys.Verdict.ALLOWED);
        assertThat(keys.check("second-key")).isEqualTo(ApiKeys.Verdict.ALLOWED);
        assertThat(keys.check("first-ke")).isEqualTo(ApiKeys.Verdict.WRONG);
        assertThat(keys.check("first-key ")).isEqualTo(ApiKeys.Verdict.WRONG);
        assertThat(keys.check("")).isEqualTo(ApiKeys.Verdict.MISSING);
        assertThat(keys.check(null)).isEqualTo(ApiKeys.Verdict.MISSING);
    }
}
