package dev.parley.turn.policy;

import java.net.InetAddress;
import java.util.List;

/**
 * Which peers a TURN relay may send to (RFC 8656 §21: a relay must not become a way into the
 * networks behind it). Deny by default: every special-purpose IPv4 and IPv6 range (loopback,
 * unspecified, private, carrier-grade NAT, link-local with the cloud metadata address, multicast,
 * documentation, benchmarking, reserved, transition prefixes) is refused, after reducing any IPv6
 * form that embeds an IPv4 address to that address. Explicit allow rules (for a LAN deployment,
 * or tests on loopback) are checked against the same canonical address and win over the denials.
 * The transition prefixes 6to4 and Teredo, and IPv4-mapped addresses, are refused whatever they
 * embed: a client names an IPv4 peer with the IPv4 family (RFC 8656), so they are never needed.
 */
public final class PeerPolicy {
    /** The IANA special-purpose registries, IPv4 and IPv6, and a few neighbours worth refusing. */
    static final List<Cidr> DENIED = List.of(
            // IPv4 (IANA IPv4 Special-Purpose Address Registry, RFC 6890 and updates)
            Cidr.parse("0.0.0.0/8"), Cidr.parse("10.0.0.0/8"), Cidr.parse("100.64.0.0/10"), Cidr.parse("127.0.0.0/8"),
            Cidr.parse("169.254.0.0/16"), Cidr.parse("172.16.0.0/12"), Cidr.parse("192.0.0.0/24"),
            Cidr.parse("192.0.2.0/24"), Cidr.parse("192.31.196.0/24"), Cidr.parse("192.52.193.0/24"),
            Cidr.parse("192.88.99.0/24"), Cidr.parse("192.168.0.0/16"), Cidr.parse("192.175.48.0/24"),
            Cidr.parse("198.18.0.0/15"), Cidr.parse("198.51.100.0/24"), Cidr.parse("203.0.113.0/24"),
            Cidr.parse("224.0.0.0/4"), Cidr.parse("240.0.0.0/4"),
            // IPv6 (IANA IPv6 Special-Purpose Address Registry); embedded IPv4 forms are judged as IPv4 first
            Cidr.parse("::/128"), Cidr.parse("::1/128"), Cidr.parse("::ffff:0:0/96"), Cidr.parse("64:ff9b:1::/48"),
            Cidr.parse("100::/64"), Cidr.parse("2001::/23"), Cidr.parse("2001:db8::/32"), Cidr.parse("2002::/16"),
            Cidr.parse("3fff::/20"), Cidr.parse("5f00::/16"), Cidr.parse("fc00::/7"), Cidr.parse("fe80::/10"),
            Cidr.parse("fec0::/10"), Cidr.parse("ff00::/8"));

    private final List<Cidr> allowed;

    private PeerPolicy(List<Cidr> allowed) {
        this.allowed = List.copyOf(allowed);
    }

    /** Deny every special-purpose range; allow the rest of the Internet. */
    public static PeerPolicy denyByDefault() {
        return new PeerPolicy(List.of());
    }

    /** The default, with these blocks allowed even if they are special-purpose (e.g. {@code 192.168.1.0/24}). */
    public static PeerPolicy allowing(List<Cidr> allowed) {
        return new PeerPolicy(allowed);
    }

    public boolean permits(InetAddress peer) {
        return permits(peer.getAddress());
    }

    /** Decides on raw address bytes, as they come out of XOR-PEER-ADDRESS (4 or 16 bytes). */
    public boolean permits(byte[] address) {
        byte[] canonical = Addresses.canonical(address);
        for (Cidr c : allowed) if (c.contains(canonical) || c.contains(address)) return true;
        for (Cidr c : DENIED) if (c.contains(canonical) || c.contains(address)) return false;
        return true;
    }
}
