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
     * @throws DateTimeException if {@code text} is not an RFC 3339 date-time with a zone offset
     */
    public static long toEpochMillis(String text) {
        // RFC 3339 allows lower-case 't' and 'z'; java.time wants upper case.
        String upper = text.toUpperCase(Locale.ROOT);
        return OffsetDateTime.parse(upper, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().toEpochMilli();
    }
}
