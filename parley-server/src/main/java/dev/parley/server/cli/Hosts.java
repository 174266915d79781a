package dev.parley.server.cli;

import dev.parley.server.turn.IceUrls;
import io.netty.util.NetUtil;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The rules for address options. Listen and relay addresses are IP literals, never names: a name
 * can resolve to several addresses, or to another one tomorrow, and a literal is checked without a
 * DNS lookup. IPv4 is four-part dotted decimal only ({@code 1.2.3} is 1.2.0.3 to some parsers).
 */
final class Hosts {
    private Hosts() {}

    /** An address to listen on (the wildcards {@code 0.0.0.0} and {@code ::} included, {@code localhost} as 127.0.0.1), as given; else IllegalArgumentException. */
    static String listen(String option, String value) {
        // The one name whose address is fixed: people write it, and it means loopback everywhere.
        if (value.equalsIgnoreCase("localhost")) return "127.0.0.1";
        String bare = value.startsWith("[") && value.endsWith("]") ? value.substring(1, value.length() - 1) : value;
        if (!IceUrls.isIpv4(bare) && !IceUrls.isIpv6(bare)) {
            throw new IllegalArgumentException(option + " must be an IP address of this machine (e.g. 127.0.0.1, 0.0.0.0 or ::), not '" + value + "'");
        }
        return bare;
    }

    /**
     * An address relayed traffic leaves from or that peers are told: one IPv4 address in four-part dotted
     * form or one IPv6 address, not a wildcard, multicast, link-local (peers beyond the link cannot reach
     * it) or IPv4-mapped one (that is the IPv4 address). Else an IllegalArgumentException saying which rule.
     */
    static InetAddress relay(String option, String value) {
        String bare = value.startsWith("[") && value.endsWith("]") ? value.substring(1, value.length() - 1) : value;
        boolean v6 = IceUrls.isIpv6(bare);
        if (!v6 && !IceUrls.isIpv4(bare)) {
            throw new IllegalArgumentException(option + " must be an IP address: IPv4 in four-part dotted form (e.g. 192.168.1.20) or IPv6"
                    + " (e.g. 2001:db8::20), not '" + value + "'");
        }
        InetAddress a = NetUtil.createInetAddressFromIpAddressString(bare);
        if (v6 && a instanceof Inet4Address) {
            throw new IllegalArgumentException(option + " " + value + " is an IPv4-mapped address: give it as " + a.getHostAddress());
        }
        if (a.isAnyLocalAddress()) {
            throw new IllegalArgumentException(option + " cannot be the wildcard " + value + ": peers are told this address; give one address of this machine");
        }
        if (a.isMulticastAddress()) throw new IllegalArgumentException(option + " " + value + " is a multicast address");
        if (v6 && a.isLinkLocalAddress()) {
            throw new IllegalArgumentException(option + " " + value + " is link-local: peers beyond its link cannot reach it; give a global (or unique local) address");
        }
        return a;
    }

    /** Whether a socket can be bound to {@code address} here, i.e. it is one of this machine's addresses. */
    static boolean isLocal(InetAddress address) {
        try (var socket = new DatagramSocket(new InetSocketAddress(address, 0))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
