/**
 * Syslog ingestion: the TCP acceptor and per-connection handlers (RFC 6587 octet counting and
 * newline framing, idle timeout, max connections, backpressure), the UDP receiver (best effort,
 * drops counted), the RFC 5424 / RFC 3164 parsers, and the parse/normalize worker pool that
 * hands events downstream. Knows the storage contract and the lifecycle; nothing of HTTP, detect
 * or Spring.
 */
package dev.keel.ingest.syslog;
