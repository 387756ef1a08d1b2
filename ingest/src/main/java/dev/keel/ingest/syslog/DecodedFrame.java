package dev.keel.ingest.syslog;

/**
 * One frame cut from a TCP stream.
 *
 * @param bytes the message bytes, without framing (octet count, trailing newline)
 * @param error why the frame is not a whole message (truncated, cut off), or {@code null}
 */
record DecodedFrame(byte[] bytes, String error) {}
