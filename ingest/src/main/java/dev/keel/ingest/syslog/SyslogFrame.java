package dev.keel.ingest.syslog;

/**
 * One message as a listener read it, on its way through the hand-off to a parse worker.
 *
 * @param bytes the message, without framing
 * @param transport {@code tcp} or {@code udp}
 * @param peer the sender's address and port
 * @param receivedAt when it was read, epoch milliseconds
 * @param frameError why the frame is not a whole message (truncated, cut off by the connection's
 *     end), or {@code null}; such a frame becomes a raw event marked with it
 */
record SyslogFrame(byte[] bytes, String transport, String peer, long receivedAt, String frameError) {}
