package dev.keel.ingest.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * A set of IP addresses written as single addresses or CIDR ranges ({@code 10.0.0.0/8},
 * {@code 192.168.1.7}, {@code fd00::/8}), for exemption lists such as known aggregators. Entries
 * must be literal addresses: a host name would make every check a DNS lookup. Immutable.
 */
public final class AddressRanges {

    private static final AddressRanges NONE = new AddressRanges(List.of());

    private final List<Range> ranges;

    private AddressRanges(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    public static AddressRanges none() {
        return NONE;
    }

    /**
     * @throws IllegalArgumentException naming the first entry that is not an address or a range
     */
    public static AddressRanges parse(List<String> entries) {
        List<Range> ranges = new ArrayList<>();
        for (String entry : entries) {
            ranges.add(Range.parse(entry.trim()));
        }
        return ranges.isEmpty() ? NONE : new AddressRanges(ranges);
    }

    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        for (Range range : ranges) {
            if (range.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    @Override
    public String toString() {
        return ranges.toString();
    }

    private record Range(String written, byte[] network, int prefix) {

        static Range parse(String entry) {
            int slash = entry.indexOf('/');
            String host = slash < 0 ? entry : entry.substring(0, slash);
            byte[] network = literal(entry, host);
            int prefix = network.length * 8;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(entry.substring(slash + 1));
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > network.length * 8) {
                    throw new IllegalArgumentException("not an address range: \"" + entry + "\" (the prefix must be 0 to "
                            + network.length * 8 + ")");
                }
            }
            return new Range(entry, network, prefix);
        }

        private static byte[] literal(String entry, String host) {
            // Only literals: InetAddress.getByName would resolve a host name, and we refuse that.
            boolean literal = !host.isEmpty() && (host.indexOf(':') >= 0 || host.chars().allMatch(
                    c -> c == '.' || Character.isDigit(c)));
            if (literal) {
                try {
                    return InetAddress.getByName(host).getAddress();
                } catch (UnknownHostException e) {
                    // falls through to the refusal
                }
            }
            throw new IllegalArgumentException("not an address or address range: \"" + entry
                    + "\" (write 10.0.0.7, 10.0.0.0/8 or fd00::/8)");
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xFF << (8 - rest) & 0xFF;
            return (address[full] & mask) == (network[full] & mask);
        }

        @Override
        public String toString() {
            return written;
        }
    }
}
