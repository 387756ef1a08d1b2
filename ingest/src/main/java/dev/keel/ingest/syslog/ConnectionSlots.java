package dev.keel.ingest.syslog;

import dev.keel.ingest.net.AddressRanges;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * The connection budget of the TCP listener: max-connections in all, and at most
 * max-connections-per-peer for each peer address (exempt ranges excepted), so that a few
 * addresses holding idle connections cannot lock every other sender out. The acceptor takes a
 * slot for each connection before launching its handler, and the handler gives it back when the
 * connection closes (or the acceptor does, if the handler never started). Lives as long as the
 * component, so the {@code keel.ingest.syslog.connections.active} gauge reads it across
 * generations. Thread-safe; {@code this} guards the counts.
 */
final class ConnectionSlots {

    /** Why a connection got no slot. */
    enum Refusal { NONE, MAX_CONNECTIONS, PER_PEER_LIMIT }

    private final int max;
    private final int maxPerPeer;
    private final AddressRanges exempt;
    private final Map<InetAddress, Integer> perPeer = new HashMap<>();
    private int inUse;

    ConnectionSlots(int max) {
        this(max, max, AddressRanges.none());
    }

    ConnectionSlots(int max, int maxPerPeer, AddressRanges exempt) {
        this.max = max;
        this.maxPerPeer = maxPerPeer;
        this.exempt = exempt;
    }

    /** Takes a slot for a connection from {@code peer} (null if unknown), or says why not. */
    synchronized Refusal tryTake(InetAddress peer) {
        if (inUse >= max) {
            return Refusal.MAX_CONNECTIONS;
        }
        if (counted(peer)) {
            int held = perPeer.getOrDefault(peer, 0);
            if (held >= maxPerPeer) {
                return Refusal.PER_PEER_LIMIT;
            }
            perPeer.put(peer, held + 1);
        }
        inUse++;
        return Refusal.NONE;
    }

    synchronized void release(InetAddress peer) {
        inUse--;
        if (counted(peer)) {
            perPeer.computeIfPresent(peer, (address, held) -> held == 1 ? null : held - 1);
        }
    }

    private boolean counted(InetAddress peer) {
        return peer != null && !exempt.contains(peer);
    }

    /** Open TCP connections right now. */
    synchronized int inUse() {
        return inUse;
    }

    int max() {
        return max;
    }

    int maxPerPeer() {
        return maxPerPeer;
    }
}
