package dev.parley.server.turn;

import io.netty.util.NetUtil;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The URLs and host names handed to browsers for ICE, checked before they are: STUN and TURN URIs
 * as RFC 7064 and RFC 7065 define them ({@code stun:host[:port]}, {@code stuns:},
 * {@code turn:host[:port][?transport=udp|tcp]}, {@code turns:}), whose host is a DNS name, a
 * four-part dotted IPv4 address or a bracketed IPv6 one. Nothing else gets into a URL verbatim.
 */
public final class IceUrls {
    private static final Pattern URI = Pattern.compile("(stuns?|turns?):(\\[[^\\]]*\\]|[^:?\\[\\]]*)(?::([0-9]{1,5}))?(\\?transport=(?:udp|tcp))?");
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

    private IceUrls() {}

    /** {@code url} if it is a STUN or TURN URI (only TURN ones when {@code turnOnly}); else an IllegalArgumentException saying why. */
    public static String check(String url, boolean turnOnly) {
        String kinds = turnOnly ? "turn: or turns:" : "stun:, stuns:, turn: or turns:";
        Matcher m = URI.matcher(url);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a " + (turnOnly ? "TURN" : "STUN/TURN") + " URL: '" + url + "' (" + kinds
                    + " host[:port]" + "[?transport=udp|tcp], RFC 7064/7065)");
        }
        String scheme = m.group(1);
        if (turnOnly && scheme.startsWith("stun")) throw new IllegalArgumentException("not a TURN URL: '" + url + "' (" + kinds + ")");
        if (scheme.startsWith("stun") && m.group(4) != null) {
            throw new IllegalArgumentException("a STUN URL has no ?transport: '" + url + "'");
        }
        String host = m.group(2);
        if (!isHost(host.startsWith("[") ? host.substring(1, host.length() - 1) : host) || (host.contains(":") && !host.startsWith("["))) {
            throw new IllegalArgumentException("not a host name or IP address in '" + url + "': '" + host + "'");
        }
        if (m.group(3) != null) {
            int port = Integer.parseInt(m.group(3));
            if (port < 1 || port > 65535) throw new IllegalArgumentException("port " + port + " out of 1-65535 in '" + url + "'");
        }
        return url;
    }

    /**
     * {@code host} as it goes into a URL (an IPv6 literal in brackets), if it is a DNS name or an IP
     * literal; else an IllegalArgumentException.
     */
    public static String urlHost(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (!isHost(bare)) {
            throw new IllegalArgumentException("'" + host + "' is not a host name (letters, digits, '-' and '.') or an IP address");
        }
        return isIpv6(bare) ? "[" + NetUtil.toAddressString(NetUtil.createInetAddressFromIpAddressString(bare)) + "]" : bare.toLowerCase(Locale.ROOT);
    }

    /** A DNS name (RFC 1123 labels) or an IP literal, without brackets. */
    static boolean isHost(String s) {
        return isIpv4(s) || isIpv6(s) || isDnsName(s);
    }

    /** Four-part dotted decimal, no leading zeros: {@code 1.2.3} or {@code 010.0.0.1} mean other addresses to other parsers. */
    public static boolean isIpv4(String s) {
        return IPV4.matcher(s).matches();
    }

    public static boolean isIpv6(String s) {
        return s.contains(":") && NetUtil.isValidIpV6Address(s) && !s.contains("%");
    }

    static boolean isDnsName(String s) {
        if (s.isEmpty() || s.length() > 253 || s.matches("[0-9.]+")) return false; // all digits: a malformed IPv4 address, not a name
        for (String label : s.split("\\.", -1)) if (!LABEL.matcher(label).matches()) return false;
        return true;
    }
}
