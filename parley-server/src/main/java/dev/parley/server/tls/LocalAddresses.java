package dev.parley.server.tls;

import io.netty.util.NetUtil;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/** This machine's name and addresses, as a phone on the LAN would use them. */
public final class LocalAddresses {
    /** A DNS label (RFC 1123): what mDNS can add {@code .local} to. */
    private static final Pattern SINGLE_LABEL = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

    private LocalAddresses() {}

    /** Addresses of interfaces that are up, LAN IPv4 first; no link-local ones (a browser cannot use them in a URL). */
    public static List<InetAddress> all() {
        List<InetAddress> out = new ArrayList<>();
        try {
            var interfaces = NetworkInterface.getNetworkInterfaces();
            while (interfaces != null && interfaces.hasMoreElements()) {
                NetworkInterface nic = interfaces.nextElement();
                if (!nic.isUp()) continue;
                nic.inetAddresses().filter(a -> !a.isLinkLocalAddress() && !a.isMulticastAddress()).forEach(out::add);
            }
        } catch (SocketException e) {
            // No interface list: localhost still works.
        }
        out.sort(Comparator.comparingInt(LocalAddresses::rank));
        return out;
    }

    /** The addresses other machines could reach: everything but loopback. */
    public static List<InetAddress> lan(List<InetAddress> all) {
        return all.stream().filter(a -> !a.isLoopbackAddress() && !a.isAnyLocalAddress()).toList();
    }

    public static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /**
     * The names a LAN reaches a machine called {@code hostName} by: that name and, when it is a single
     * label such as {@code mypc}, {@code mypc.local} too, since phones mostly find LAN hosts over mDNS.
     * None for no name, {@code localhost} or an IP literal.
     */
    public static List<String> names(String hostName) {
        if (hostName == null || hostName.isBlank()) return List.of();
        String name = hostName.trim();
        if (name.equalsIgnoreCase("localhost") || NetUtil.isValidIpV4Address(name) || name.contains(":")) return List.of();
        return SINGLE_LABEL.matcher(name).matches() ? List.of(name, name + ".local") : List.of(name);
    }

    /** LAN IPv4, then other IPv4, then IPv6; loopback last. */
    private static int rank(InetAddress a) {
        if (a.isLoopbackAddress()) return 3;
        if (a instanceof Inet4Address) return a.isSiteLocalAddress() ? 0 : 1;
        return 2;
    }
}
