package dev.keel.ingest.syslog;

import dev.keel.ingest.event.Rfc3339;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;

/**
 * Reads an RFC 3164 (BSD) message after its PRI, leniently, as RFC 3164 section 4.3 asks of a
 * receiver: {@code Mmm dd hh:mm:ss HOSTNAME TAG[pid]: MSG}, where each part may be missing. An
 * RFC 3339 timestamp in place of the BSD one (rsyslog's forward format) is understood too. The
 * BSD timestamp has no year and no zone: it is taken in the configured zone, in the year that
 * puts it nearest before the receive time.
 */
final class Rfc3164Parser {

    private static final String[] MONTHS = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
    };
    /** A timestamp this far ahead of the receive time is last year's (December seen in January). */
    private static final long FUTURE_TOLERANCE_MILLIS = 7L * 24 * 60 * 60 * 1000;
    private static final int MAX_TAG_CHARS = 48;

    private final ZoneId zone;

    Rfc3164Parser(ZoneId zone) {
        this.zone = zone;
    }

    SyslogMessage parse(String text, int position, int facility, int severity, long receivedAt) {
        int at = position;
        Long timestamp = bsdTimestamp(text, at, receivedAt);
        if (timestamp != null) {
            at += 16;
        } else {
            int space = text.indexOf(' ', at);
            if (space > at && Character.isDigit(text.charAt(at))) {
                timestamp = rfc3339(text.substring(at, space));
                if (timestamp != null) {
                    at = space + 1;
                }
            }
        }
        String hostname = null;
        if (timestamp != null) {
            int space = text.indexOf(' ', at);
            // A token ending in ':' or holding '[' is the TAG of a message sent without a HOSTNAME.
            if (space > at && text.charAt(space - 1) != ':' && text.lastIndexOf('[', space) < at) {
                hostname = text.substring(at, space);
                at = space + 1;
            }
        }
        return withTag(text, at, facility, severity, timestamp, hostname);
    }

    /** {@code tag[pid]: msg} or {@code tag: msg}; without that shape the whole rest is the MSG. */
    private static SyslogMessage withTag(String text, int at, int facility, int severity, Long timestamp,
            String hostname) {
        int end = at;
        while (end < text.length() && end - at < MAX_TAG_CHARS && isTagChar(text.charAt(end))) {
            end++;
        }
        String tag = null;
        String pid = null;
        int messageStart = at;
        if (end > at && end < text.length()) {
            char after = text.charAt(end);
            if (after == ':') {
                tag = text.substring(at, end);
                messageStart = end + 1;
            } else if (after == '[') {
                int close = text.indexOf(']', end);
                if (close > end + 1 && close + 1 < text.length() && text.charAt(close + 1) == ':') {
                    tag = text.substring(at, end);
                    pid = text.substring(end + 1, close);
                    messageStart = close + 2;
                }
            }
        }
        if (tag != null && messageStart < text.length() && text.charAt(messageStart) == ' ') {
            messageStart++;
        }
        String message = messageStart >= text.length() ? null : text.substring(messageStart);
        return new SyslogMessage("rfc3164", facility, severity, timestamp, hostname, tag, pid, null, Map.of(),
                message);
    }

    private static boolean isTagChar(char c) {
        return c > ' ' && c < 127 && c != ':' && c != '[' && c != ']';
    }

    /** "Mmm dd hh:mm:ss " (day padded with a space or a zero) at {@code at}, or null. */
    private Long bsdTimestamp(String text, int at, long receivedAt) {
        if (text.length() < at + 16 || text.charAt(at + 3) != ' ' || text.charAt(at + 6) != ' '
                || text.charAt(at + 9) != ':' || text.charAt(at + 12) != ':' || text.charAt(at + 15) != ' ') {
            return null;
        }
        int month = month(text.substring(at, at + 3));
        int day = number(text.charAt(at + 4) == ' ' ? "0" + text.charAt(at + 5) : text.substring(at + 4, at + 6));
        int hour = number(text.substring(at + 7, at + 9));
        int minute = number(text.substring(at + 10, at + 12));
        int second = number(text.substring(at + 13, at + 15));
        if (month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
            return null;
        }
        int year = Instant.ofEpochMilli(receivedAt).atZone(zone).getYear();
        try {
            long millis = at(year, month, day, hour, minute, second);
            if (millis > receivedAt + FUTURE_TOLERANCE_MILLIS) {
                millis = at(year - 1, month, day, hour, minute, second);
            }
            return millis;
        } catch (DateTimeException invalidDate) {
            return null;
        }
    }

    private long at(int year, int month, int day, int hour, int minute, int second) {
        return ZonedDateTime.of(LocalDateTime.of(year, month, day, hour, minute, second), zone).toInstant().toEpochMilli();
    }

    private static int month(String name) {
        for (int i = 0; i < MONTHS.length; i++) {
            if (MONTHS[i].equals(name)) {
                return i + 1;
            }
        }
        return -1;
    }

    private static int number(String digits) {
        if (digits.length() != 2 || !Character.isDigit(digits.charAt(0)) || !Character.isDigit(digits.charAt(1))) {
            return -1;
        }
        return Integer.parseInt(digits);
    }

    private static Long rfc3339(String token) {
        try {
            return Rfc3339.toEpochMillis(token);
        } catch (DateTimeException e) {
            return null;
        }
    }
}
