package dev.keel.ingest.syslog;

/** The keywords of syslog facilities and severities (RFC 5424 tables 1 and 2, as syslog.conf spells them). */
final class SyslogCodes {

    private static final String[] FACILITIES = {
        "kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron", "authpriv", "ftp",
        "ntp", "security", "console", "solaris-cron", "local0", "local1", "local2", "local3", "local4", "local5",
        "local6", "local7"
    };
    private static final String[] SEVERITIES = {
        "emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"
    };

    private SyslogCodes() {}

    static String facility(int code) {
        return FACILITIES[code];
    }

    static String severity(int code) {
        return SEVERITIES[code];
    }
}
