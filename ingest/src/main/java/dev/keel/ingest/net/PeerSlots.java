package dev.keel.ingest.net;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * A bounded number of slots (syslog TCP connections, HTTP requests in progress) shared among
 * peer addresses, so that a few addresses cannot take them all: at most max in all, at most
 * max-per-peer for one address, and the last few free slots (max-per-peer of them, fewer if max
 * is not twice that) only for addresses that hold none yet, so a new client gets in while a
 * few others hold all they may. Exempt addresses (known aggregators) and unknown ones (null) are
 * limited by the total only. Thread-safe; {@code this} guards the counts.
 */
public final class PeerSlots {

    /** Why no slot was given. */
    public enum Refusal { NONE, ALL_TAKEN, PEER_SHARE_TAKEN }

    private final int max;
    private final int maxPerPeer;
    /** Free slots kept for peers that hold none: never so many that one peer cannot reach max-per-peer. */
    private final int reserved;
    private final AddressRanges exempt;
    private final Map<InetAddress, Integer> perPeer = new HashMap<>();
    private int inUse;

    public PeerSlots(int max, int maxPerPeer, AddressRanges exempt) {
        if (max < 1 || maxPerPeer < 1) {
            throw new IllegalArgumentException("slots must be positive: max " + max + ", per peer " + maxPerPeer);
        }
        this.max = max;
        this.maxPerPeer = maxPerPeer;
        this.reserved = Math.max(0, Math.min(maxPerPeer, max - maxPerPeer));
        this.exempt = exempt;
    }

    /** Takes a slot for {@code peer} (null if unknown), or says why not. */
    public synchronized Refusal tryTake(InetAddress peer) {
        if (inUse >= max) {
            return Refusal.ALL_TAKEN;
        }
        if (counted(peer)) {
            int held = perPeer.getOrDefault(peer, 0);
            if (held >= maxPerPeer || held > 0 && max - inUse <= reserved) {
                return Refusal.PEER_SHARE_TAKEN;
            }
            perPeer.put(peer, held + 1);
        }
        inUse++;
        return Refusal.NONE;
    }

    /** Gives back a slot taken for {@code peer}. */
    public synchronized void release(InetAddress peer) {
        inUse--;
        if (counted(peer)) {
            perPeer.computeIfPresent(peer, (address, held) -> held == 1 ? null : held - 1);
        }
    }

    private boolean counted(InetAddress peer) {
        return peer != null && !exempt.contains(peer);
    }

    /** Slots taken right now. */
    public synchronized int inUse() {
        return inUse;
    }

    public int max() {
        return max;
    }

    public int maxPerPeer() {
        return maxPerPeer;
    }
}
