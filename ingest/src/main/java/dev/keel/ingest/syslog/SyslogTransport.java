package dev.keel.ingest.syslog;

/** The transport names frames and meters carry. */
final class SyslogTransport {

    static final String TCP = "tcp";
    static final String UDP = "udp";

    private SyslogTransport() {}
}
