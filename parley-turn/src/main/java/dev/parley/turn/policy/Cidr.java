package dev.parley.turn.policy;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An address block such as {@code 10.0.0.0/8} or {@code fc00::/7}, matched on raw address bytes. */
public record Cidr(byte[] network, int prefixLength) {
    public Cidr {
        if (network.length != 4 && network.length != 16) throw new IllegalArgumentException("IPv4 or IPv6 only");
        if (prefixLength < 0 || prefixLength > network.length * 8) throw new IllegalArgumentException("bad prefix length " + prefixLength);
        network = network.clone();
    }

    /**
     * Parses {@code address/length}; a bare address is a single host. Only numeric addresses, so no
     * name lookup can happen here.
     */
    public static Cidr parse(String text) {
        String s = text.trim();
        int slash = s.indexOf('/');
        String address = slash < 0 ? s : s.substring(0, slash);
        if (!address.matches("[0-9A-Fa-f:.]+")) throw new IllegalArgumentException("not a numeric address: " + text);
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(address.contains(":") ? "[" + address + "]" : address).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + text);
        }
        if (address.contains(":") && bytes.length == 4) bytes = Addresses.mapped(bytes); // keep ::ffff:a.b.c.d/96 rules in v6 terms
        int length = slash < 0 ? bytes.length * 8 : Integer.parseInt(s.substring(slash + 1));
        return new Cidr(bytes, length);
    }

    public boolean contains(byte[] address) {
        if (address.length != network.length) return false;
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) if (address[i] != network[i]) return false;
        int rest = prefixLength % 8;
        if (rest == 0) return true;
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (address[full] & mask) == (network[full] & mask);
    }

    /** Whether some address is in both blocks (one holds the other, as blocks cannot partly overlap). */
    public boolean overlaps(Cidr other) {
        if (other.network.length != network.length) return false;
        return prefixLength <= other.prefixLength ? contains(other.network) : other.contains(network);
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixLength;
        } catch (UnknownHostException e) {
            return "?/" + prefixLength;
        }
    }
}
