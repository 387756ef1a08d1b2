package dev.keel.ingest.support;

import java.io.IOException;

/** A syslog peer that sends one byte a second: the slow sender idle timeouts and stops must not wait for. */
public final class TricklingPeer {

    private TricklingPeer() {}

    /** Sends {@code text} on {@code sender} one byte a second, until done, the connection breaks, or interrupted. */
    public static void trickle(SyslogSender sender, String text) {
        try {
            for (char c : text.toCharArray()) {
                sender.send(String.valueOf(c));
                Thread.sleep(1000); // the pace is the point: it plays a peer this slow
            }
        } catch (IOException serverClosed) {
            // the server closed the connection
        } catch (InterruptedException testOver) {
            Thread.currentThread().interrupt();
        }
    }
}
