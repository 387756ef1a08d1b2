package dev.keel.ingest.syslog;

import java.time.ZoneId;

/**
 * Parses one syslog message: the PRI, then RFC 5424 when a version {@code 1} follows it, else
 * RFC 3164. RFC 3164 is read leniently, as receivers do (only the PRI is required); RFC 5424 is
 * read strictly, so a message claiming to be RFC 5424 but broken is reported. Thread-safe.
 */
final class SyslogParser {

    /** RFC 5424 6.2.1: PRI is at most 191 (facility 23, severity 7). */
    private static final int MAX_PRI = 191;

    private final Rfc5424Parser rfc5424 = new Rfc5424Parser();
    private final Rfc3164Parser rfc3164;

    /** @param zone where RFC 3164 timestamps, which carry no zone, are taken to be */
    SyslogParser(ZoneId zone) {
        this.rfc3164 = new Rfc3164Parser(zone);
    }

    SyslogMessage parse(String text, long receivedAt) throws SyslogParseException {
        if (text.isEmpty() || text.charAt(0) != '<') {
            throw new SyslogParseException("no PRI: a syslog message starts with '<'");
        }
        int close = text.indexOf('>');
        if (close < 2 || close > 4) {
            throw new SyslogParseException("PRI must be 1 to 3 digits between '<' and '>'");
        }
        int pri = 0;
        for (int i = 1; i < close; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new SyslogParseException("PRI must be 1 to 3 digits between '<' and '>'");
            }
            pri = pri * 10 + (c - '0');
        }
        if (pri > MAX_PRI) {
            throw new SyslogParseException("PRI " + pri + " is above " + MAX_PRI);
        }
        int rest = close + 1;
        if (text.startsWith("1 ", rest)) {
            return rfc5424.parse(text, rest + 2, pri / 8, pri % 8);
        }
        return rfc3164.parse(text, rest, pri / 8, pri % 8, receivedAt);
    }
}
