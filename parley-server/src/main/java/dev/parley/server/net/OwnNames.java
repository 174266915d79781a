package dev.parley.server.net;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The host names and addresses that are this server's own: the names configured for it or written in
 * its certificate, this machine's addresses (and name), any loopback address, and the address a
 * connection actually arrived at. A Host or Origin header naming anything else is someone else's
 * (a plain {@code Host: evil.com}, or a DNS-rebinding page whose name now points here), so it neither
 * goes into the TURN URLs handed out nor counts as a same-site Origin.
 */
public final class OwnNames {
    /** Lower-case DNS names, and IP literals in Netty's canonical spelling. Immutable. */
    private final Set<String> names;
    /** From certificate wildcards: {@code *.example.org} → {@code .example.org}. Immutable. */
    private final Set<String> wildcardSuffixes;

    public OwnNames(Collection<String> hosts) {
        Set<String> exact = new HashSet<>(Set.of("localhost"));
        Set<String> wild = new HashSet<>();
        for (String h : hosts) {
            if (h == null || h.isBlank()) continue;
            String n = normalise(h);
            if (n.startsWith("*.")) wild.add(n.substring(1));
            else exact.add(n);
        }
        names = Set.copyOf(exact);
        wildcardSuffixes = Set.copyOf(wild);
    }

    /**
     * Whether {@code host} (a name or IP literal, IPv6 with or without brackets, no port) is this
     * server's, for a connection whose local end is {@code local} (null if unknown).
     */
    public boolean contains(String host, SocketAddress local) {
        if (host == null || host.isEmpty()) return false;
        String h = normalise(host);
        byte[] ip = NetUtil.createByteArrayFromIpAddressString(h);
        if (ip != null) {
            InetAddress a = NetUtil.createInetAddressFromIpAddressString(h);
            if (a != null && a.isLoopbackAddress()) return true;
            if (local instanceof InetSocketAddress l && l.getAddress() != null && l.getAddress().equals(a)) return true;
            return names.contains(h);
        }
        if (names.contains(h)) return true;
        int dot = h.indexOf('.');
        return dot > 0 && wildcardSuffixes.contains(h.substring(dot)); // one label, as in certificates
    }

    /** {@code host} if it is this server's own, else null (callers then fall back to an address of their own). */
    String ownOrNull(String host, SocketAddress local) {
        return contains(host, local) ? host : null;
    }

    private static String normalise(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
        if (h.endsWith(".")) h = h.substring(0, h.length() - 1);
        byte[] ip = NetUtil.createByteArrayFromIpAddressString(h);
        return ip != null ? NetUtil.bytesToIpAddress(ip) : h;
    }
}
