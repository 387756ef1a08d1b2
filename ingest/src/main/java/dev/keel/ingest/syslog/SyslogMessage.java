package dev.keel.ingest.syslog;

import java.util.Map;

/**
 * A parsed syslog message. Absent fields (RFC 5424's NILVALUE "-", or not in an RFC 3164
 * message) are {@code null}.
 *
 * @param format {@code rfc5424} or {@code rfc3164}
 * @param facility 0 to 23
 * @param severity 0 (emergency) to 7 (debug)
 * @param timestamp epoch milliseconds, or {@code null} if the message has none
 * @param hostname the HOSTNAME field
 * @param appName APP-NAME, or an RFC 3164 TAG
 * @param procId PROCID, or the pid in an RFC 3164 {@code tag[pid]:}
 * @param msgId MSGID (RFC 5424 only)
 * @param structuredData SD-ID to its parameters (RFC 5424 only); empty if none. A parameter's
 *     value is a String, or a List of Strings when its PARAM-NAME repeats (RFC 5424 6.3.3 allows it)
 * @param message the free-form MSG, or {@code null}
 */
record SyslogMessage(String format, int facility, int severity, Long timestamp, String hostname, String appName,
        String procId, String msgId, Map<String, Map<String, Object>> structuredData, String message) {}
