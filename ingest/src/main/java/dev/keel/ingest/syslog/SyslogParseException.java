package dev.keel.ingest.syslog;

/** A frame is not a syslog message we can read; the message says what is wrong, and where. */
final class SyslogParseException extends Exception {

    SyslogParseException(String message) {
        super(message, null, false, false);
    }
}
