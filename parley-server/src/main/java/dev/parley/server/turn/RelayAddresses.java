package dev.parley.server.turn;

import dev.parley.server.tls.LocalAddresses;
import dev.parley.turn.policy.PeerPolicy;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The relay addresses the TURN server takes when none is given: this machine's first LAN IPv4 address
 * (else 127.0.0.1), and an IPv6 one only when the machine has a global IPv6 address, since an IPv6
 * relayed address helps only if peers anywhere can reach it (a unique local fd00::/8 one serves the
 * site, where the IPv4 LAN address already does). Of the global ones, a stable one: temporary
 * (privacy) addresses change every day or so and deprecated ones are on their way out; a statically
 * configured address is preferred to one from router advertisements.
 */
public final class RelayAddresses {
    /** Linux's interface address flags, as /proc/net/if_inet6 shows them (linux/if_addr.h). */
    static final int TEMPORARY = 0x01, DAD_FAILED = 0x08, DEPRECATED = 0x20, TENTATIVE = 0x40, PERMANENT = 0x80;
    private static final Path IF_INET6 = Path.of("/proc/net/if_inet6");

    /** An IPv6 address of an interface that is up, with its flags (0 where the system does not tell). */
    record Candidate(Inet6Address address, int flags) {}

    private RelayAddresses() {}

    public static InetAddress defaultIpv4() {
        return LocalAddresses.lan(LocalAddresses.all()).stream().filter(a -> a instanceof Inet4Address).findFirst()
                .orElse(InetAddress.getLoopbackAddress());
    }

    /** The IPv6 relay address to use by default, if this machine has a fitting one. */
    public static Optional<Inet6Address> defaultIpv6() {
        return choose(candidates());
    }

    /** The first stable global address, statically configured ones first; none if there is none. */
    static Optional<Inet6Address> choose(List<Candidate> candidates) {
        return candidates.stream()
                .filter(c -> global(c.address()) && (c.flags() & (TEMPORARY | DAD_FAILED | DEPRECATED | TENTATIVE)) == 0)
                .min(Comparator.comparingInt(c -> (c.flags() & PERMANENT) != 0 ? 0 : 1))
                .map(Candidate::address);
    }

    /** Global unicast (2000::/3) and not special-purpose (documentation, 6to4, Teredo, …): what any peer can reach. */
    static boolean global(Inet6Address a) {
        byte[] b = a.getAddress();
        return (b[0] & 0xE0) == 0x20 && PeerPolicy.denyByDefault().permits(b);
    }

    /** From /proc/net/if_inet6 where there is one (it has the flags), else from the interfaces Java sees. */
    private static List<Candidate> candidates() {
        try {
            if (Files.isReadable(IF_INET6)) return parseIfInet6(Files.readString(IF_INET6), RelayAddresses::up);
        } catch (IOException e) {
            // fall back to what Java sees
        }
        List<Candidate> out = new ArrayList<>();
        try {
            var interfaces = NetworkInterface.getNetworkInterfaces();
            while (interfaces != null && interfaces.hasMoreElements()) {
                NetworkInterface nic = interfaces.nextElement();
                if (!nic.isUp()) continue;
                nic.inetAddresses().filter(a -> a instanceof Inet6Address).forEach(a -> out.add(new Candidate((Inet6Address) a, 0)));
            }
        } catch (SocketException e) {
            // no interface list: no IPv6 relay
        }
        return out;
    }

    /** Lines of "address(32 hex) ifindex prefixlen scope flags name"; interfaces that are down are left out. */
    static List<Candidate> parseIfInet6(String text, java.util.function.Predicate<String> interfaceUp) {
        List<Candidate> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 6 || f[0].length() != 32 || !interfaceUp.test(f[5])) continue;
            try {
                InetAddress a = InetAddress.getByAddress(HexFormat.of().parseHex(f[0]));
                if (a instanceof Inet6Address v6) out.add(new Candidate(v6, Integer.parseInt(f[4], 16)));
            } catch (IllegalArgumentException | UnknownHostException e) {
                // a line this parser does not understand: skip it
            }
        }
        return out;
    }

    private static boolean up(String interfaceName) {
        try {
            NetworkInterface nic = NetworkInterface.getByName(interfaceName);
            return nic != null && nic.isUp();
        } catch (SocketException e) {
            return false;
        }
    }
}
