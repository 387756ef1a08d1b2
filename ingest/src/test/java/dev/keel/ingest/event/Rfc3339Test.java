package dev.keel.ingest.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class Rfc3339Test {

    @Test
    void readsOffsetsFractionsAndLowerCase() {
        assertThat(Rfc3339.toEpochMillis("2026-11-24T10:00:00.250Z"))
                .isEqualTo(Instant.parse("2026-11-24T10:00:00.250Z").toEpochMilli());
        assertThat(Rfc3339.toEpochMillis("2026-11-24t12:00:00+02:00"))
                .isEqualTo(Instant.parse("2026-11-24T10:00:00Z").toEpochMilli());
        assertThat(Rfc3339.toEpochMillis("1970-01-01T01:00:00+01:00")).isZero();
        assertThat(Rfc3339.toEpochMillis("9999-12-31T23:59:59.999Z")).isEqualTo(253_402_300_799_999L);
    }

    @Test
    void yearsBeyondFourDigitsAreNotRfc3339AndNeverOverflow() {
        // java.time parses these; their epoch milliseconds overflow a long (an ArithmeticException used to escape).
        assertThatThrownBy(() -> Rfc3339.toEpochMillis("+999999999-12-31T23:59:59Z"))
                .isInstanceOf(DateTimeException.class).hasMessageContaining("outside RFC 3339's 0000 to 9999");
        assertThatThrownBy(() -> Rfc3339.toEpochMillis("-999999999-01-01T00:00:00Z"))
                .isInstanceOf(DateTimeException.class);
        assertThatThrownBy(() -> Rfc3339.toEpochMillis("+10000-01-01T00:00:00Z"))
                .isInstanceOf(DateTimeException.class);
    }

    @Test
    void timesBefore1970AreRefusedForStorageKeepsTimestampsUnsigned() {
        assertThatThrownBy(() -> Rfc3339.toEpochMillis("1969-12-31T23:59:59.999Z"))
                .isInstanceOf(DateTimeException.class).hasMessageContaining("before 1970-01-01T00:00:00Z");
        assertThatThrownBy(() -> Rfc3339.toEpochMillis("1970-01-01T00:30:00+01:00"))
                .isInstanceOf(DateTimeException.class);
        assertThatThrownBy(() -> Rfc3339.toEpochMillis("0000-01-01T00:00:00Z")).isInstanceOf(DateTimeException.class);
    }

    @Test
    void textWithoutAnOffsetIsRefused() {
        assertThatThrownBy(() -> Rfc3339.toEpochMillis("2026-11-24T10:00:00")).isInstanceOf(DateTimeException.class);
    }
}
