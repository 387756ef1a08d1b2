package dev.keel.ingest.syslog;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** Writes a sender's address as {@code 10.0.0.1:51234}. */
final class Peers {

    private Peers() {}

    static String describe(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress() + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }
}
