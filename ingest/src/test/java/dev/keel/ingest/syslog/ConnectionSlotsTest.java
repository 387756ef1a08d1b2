package dev.keel.ingest.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.ingest.net.AddressRanges;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The listener's budget: in all, per peer address, and exempt ranges outside the per-peer count. */
class ConnectionSlotsTest {

    @Test
    void aPeerAtItsLimitIsRefusedWhileOthersStillGetSlots() throws Exception {
        ConnectionSlots slots = new ConnectionSlots(10, 2, AddressRanges.none());
        InetAddress hog = InetAddress.getByName("127.0.0.2");
        InetAddress normal = InetAddress.getByName("127.0.0.1");

        assertThat(slots.tryTake(hog)).isEqualTo(ConnectionSlots.Refusal.NONE);
        assertThat(slots.tryTake(hog)).isEqualTo(ConnectionSlots.Refusal.NONE);
        assertThat(slots.tryTake(hog)).isEqualTo(ConnectionSlots.Refusal.PER_PEER_LIMIT);
        assertThat(slots.tryTake(normal)).isEqualTo(ConnectionSlots.Refusal.NONE);
        assertThat(slots.inUse()).isEqualTo(3);

        slots.release(hog);
        assertThat(slots.tryTake(hog)).as("a released slot is the peer's again").isEqualTo(ConnectionSlots.Refusal.NONE);
    }

    @Test
    void exemptPeersAreLimitedOnlyByTheTotal() throws Exception {
        ConnectionSlots slots = new ConnectionSlots(3, 1, AddressRanges.parse(List.of("10.0.0.0/8")));
        InetAddress aggregator = InetAddress.getByName("10.1.2.3");
        for (int i = 0; i < 3; i++) {
            assertThat(slots.tryTake(aggregator)).isEqualTo(ConnectionSlots.Refusal.NONE);
        }
        assertThat(slots.tryTake(aggregator)).isEqualTo(ConnectionSlots.Refusal.MAX_CONNECTIONS);
        assertThat(slots.tryTake(InetAddress.getByName("127.0.0.1"))).isEqualTo(ConnectionSlots.Refusal.MAX_CONNECTIONS);
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
