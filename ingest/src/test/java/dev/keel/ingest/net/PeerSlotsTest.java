package dev.keel.ingest.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Slots shared among peers: in all, per peer address, the last ones kept for new peers, exempt ranges. */
class PeerSlotsTest {

    @Test
    void aPeerAtItsLimitIsRefusedWhileOthersStillGetSlots() throws Exception {
        PeerSlots slots = new PeerSlots(10, 2, AddressRanges.none());
        InetAddress hog = InetAddress.getByName("127.0.0.2");
        InetAddress normal = InetAddress.getByName("127.0.0.1");

        assertThat(slots.tryTake(hog)).isEqualTo(PeerSlots.Refusal.NONE);
        assertThat(slots.tryTake(hog)).isEqualTo(PeerSlots.Refusal.NONE);
        assertThat(slots.tryTake(hog)).isEqualTo(PeerSlots.Refusal.PEER_SHARE_TAKEN);
        assertThat(slots.tryTake(normal)).isEqualTo(PeerSlots.Refusal.NONE);
        assertThat(slots.inUse()).isEqualTo(3);

        slots.release(hog);
        assertThat(slots.tryTake(hog)).as("a released slot is the peer's again").isEqualTo(PeerSlots.Refusal.NONE);
    }

    @Test
    void theLastPerPeerShareOfSlotsGoesOnlyToPeersHoldingNone() throws Exception {
        PeerSlots slots = new PeerSlots(8, 2, AddressRanges.none());
        for (int hog = 2; hog <= 4; hog++) {
            InetAddress address = InetAddress.getByName("127.0.0." + hog);
            assertThat(slots.tryTake(address)).isEqualTo(PeerSlots.Refusal.NONE);
            assertThat(slots.tryTake(address)).isEqualTo(PeerSlots.Refusal.NONE);
        }
        InetAddress late = InetAddress.getByName("127.0.0.5");
        assertThat(slots.tryTake(late)).as("2 of 8 free: a peer holding none gets one").isEqualTo(PeerSlots.Refusal.NONE);
        assertThat(slots.tryTake(late)).as("1 free: not for a peer holding one already")
                .isEqualTo(PeerSlots.Refusal.PEER_SHARE_TAKEN);
        assertThat(slots.tryTake(InetAddress.getByName("127.0.0.2"))).isEqualTo(PeerSlots.Refusal.PEER_SHARE_TAKEN);
        assertThat(slots.tryTake(InetAddress.getByName("127.0.0.1"))).isEqualTo(PeerSlots.Refusal.NONE);
        assertThat(slots.tryTake(InetAddress.getByName("127.0.0.6"))).isEqualTo(PeerSlots.Refusal.ALL_TAKEN);
        assertThat(slots.inUse()).isEqualTo(8);
    }

    @Test
    void exemptPeersAreLimitedOnlyByTheTotal() throws Exception {
        PeerSlots slots = new PeerSlots(3, 1, AddressRanges.parse(List.of("10.0.0.0/8")));
        InetAddress aggregator = InetAddress.getByName("10.1.2.3");
        for (int i = 0; i < 3; i++) {
            assertThat(slots.tryTake(aggregator)).isEqualTo(PeerSlots.Refusal.NONE);
        }
        assertThat(slots.tryTake(aggregator)).isEqualTo(PeerSlots.Refusal.ALL_TAKEN);
        assertThat(slots.tryTake(InetAddress.getByName("127.0.0.1"))).isEqualTo(PeerSlots.Refusal.ALL_TAKEN);
    }

    @Test
    void addressRangesMatchByPrefixAndRefuseWhatIsNotAnAddress() throws Exception {
        AddressRanges ranges = AddressRanges.parse(List.of("192.168.4.0/22", "fd00::/8", "10.0.0.7"));
        assertThat(ranges.contains(InetAddress.getByName("192.168.7.255"))).isTrue();
        assertThat(ranges.contains(InetAddress.getByName("192.168.8.0"))).isFalse();
        assertThat(ranges.contains(InetAddress.getByName("fd12::1"))).isTrue();
        assertThat(ranges.contains(InetAddress.getByName("fe80::1"))).isFalse();
        assertThat(ranges.contains(InetAddress.getByName("10.0.0.7"))).isTrue();
        assertThat(ranges.contains(InetAddress.getByName("10.0.0.8"))).isFalse();
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> AddressRanges.parse(List.of("aggregator.example")))
                .withMessageContaining("aggregator.example");
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> AddressRanges.parse(List.of("10.0.0.0/33"))).withMessageContaining("10.0.0.0/33");
    }
}
