package dev.keel.detect.rule;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 network. Addresses are parsed from literals only: nothing here ever does a
 * DNS lookup, whatever text an event carries.
 */
final class Cidr {

    private final byte[] network;
    private final int prefix;
    private final String text;

    private Cidr(byte[] network, int prefix, String text) {
        this.network = network;
        this.prefix = prefix;
        this.text = text;
    }

    static Cidr parse(String text) throws RuleException {
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        byte[] address = parseAddress(slash < 0 ? trimmed : trimmed.substring(0, slash));
        if (address == null) {
            throw new RuleException("'" + text + "' is not a CIDR network (address/prefix)");
        }
        int bits = address.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(trimmed.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > bits) {
                throw new RuleException("'" + text + "' has an invalid prefix length (0.." + bits + " for an "
                        + (bits == 32 ? "IPv4" : "IPv6") + " network)");
            }
        }
        return new Cidr(address, prefix, trimmed);
    }

    boolean contains(String candidate) {
        byte[] address = parseAddress(candidate.trim());
        if (address == null || address.length != network.length) {
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
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (address[full] & mask) == (network[full] & mask);
    }

    /** The address bytes of an IPv4 or IPv6 literal, or null if {@code text} is not one. */
    static byte[] parseAddress(String text) {
        if (text.isEmpty() || text.length() > 45) {
            return null;
        }
        if (text.indexOf(':') < 0) {
            return parseIpv4(text);
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!hex && c != ':' && c != '.') {
                return null;
            }
        }
        byte[] address;
        try {
            // Only hex digits, colons and dots reach here: a literal, never a host name to resolve.
            address = InetAddress.getByName("[" + text + "]").getAddress();
        } catch (UnknownHostException notAnAddress) {
            return null;
        }
        // The JDK turns IPv4-mapped literals (::ffff:a.b.c.d) into IPv4 addresses; written in
        // IPv6 form they stay IPv6 here, so that ::ffff:0:0/96 is the 96-bit prefix it says.
        return address.length == 4 ? ipv4Mapped(address) : address;
    }

    private static byte[] ipv4Mapped(byte[] ipv4) {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xFF;
        mapped[11] = (byte) 0xFF;
        System.arraycopy(ipv4, 0, mapped, 12, 4);
        return mapped;
    }

    private static byte[] parseIpv4(String text) {
        byte[] bytes = new byte[4];
        int part = 0;
        int value = -1;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '.';
            if (c == '.') {
                if (value < 0 || part > 3) {
                    return null;
                }
                bytes[part++] = (byte) value;
                value = -1;
            } else if (c >= '0' && c <= '9') {
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                if (value > 255) {
                    return null;
                }
            } else {
                return null;
            }
        }
        return part == 4 ? bytes : null;
    }

    @Override
    public String toString() {
        return text;
    }
}
