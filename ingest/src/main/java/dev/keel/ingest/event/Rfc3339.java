package dev.keel.ingest.event;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Parses RFC 3339 timestamps ({@code 2024-05-01T12:00:00.123Z}, {@code ...+02:00}) to epoch milliseconds. */
public final class Rfc3339 {

    private Rfc3339() {}

    /**
     * @return epoch milliseconds
     * @throws DateTimeException if {@code text} is not an RFC 3339 date-time with a zone offset,
     *     or is one before 1970-01-01T00:00:00Z (storage keeps timestamps unsigned) or after
     *     year 9999 (RFC 3339's four-digit years)
     */
    public static long toEpochMillis(String text) {
        // RFC 3339 allows lower-case 't' and 'z'; java.time wants upper case.
        String upper = text.toUpperCase(Locale.ROOT);
        OffsetDateTime time = OffsetDateTime.parse(upper, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        // java.time also reads signed years of up to nine digits, whose epoch milliseconds overflow a long.
        if (time.getYear() < 0 || time.getYear() > 9999) {
            throw new DateTimeException("year " + time.getYear() + " is outside RFC 3339's 0000 to 9999");
        }
        long millis = time.toInstant().toEpochMilli();
        if (millis < 0) {
            throw new DateTimeException(text + " is before 1970-01-01T00:00:00Z, the earliest time storage keeps");
        }
        return millis;
    }
}
