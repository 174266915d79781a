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

    /** The address relayed traffic leaves from and that peers are told: one IPv4 address, not the wildcard. */
    static InetAddress relay(String option, String value) {
        InetAddress a = ipv4(option, value);
        if (a.isAnyLocalAddress()) {
            throw new IllegalArgumentException(option + " cannot be the wildcard " + value + ": peers are told this address; give one address of this machine");
        }
        return a;
    }

    /** A four-part dotted IPv4 literal; an IPv6 one is refused with the reason. */
    static InetAddress ipv4(String option, String value) {
        if (IceUrls.isIpv6(value.replaceAll("^\\[|\\]$", ""))) {
            throw new IllegalArgumentException(option + " " + value + ": IPv6 relay addresses are not supported yet; give an IPv4 address");
        }
        if (!IceUrls.isIpv4(value)) {
            throw new IllegalArgumentException(option + " must be an IPv4 address in four-part dotted form (e.g. 192.168.1.20), not '" + value + "'");
        }
        return (Inet4Address) NetUtil.createInetAddressFromIpAddressString(value);
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
