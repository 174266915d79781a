package dev.parley.turn.policy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * What per-address limits count by: an IPv4 address, or an IPv6 /64. One host usually has a whole
 * /64 to pick source addresses from, so counting IPv6 addresses one by one would limit nothing.
 */
public final class SourceKey {
    private SourceKey() {}

    public static InetAddress of(InetAddress source) {
        if (!(source instanceof Inet6Address)) return source;
        byte[] prefix = Arrays.copyOf(source.getAddress(), 16);
        Arrays.fill(prefix, 8, 16, (byte) 0);
        try {
            return InetAddress.getByAddress(prefix);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are an IPv6 address", e);
        }
    }
}
