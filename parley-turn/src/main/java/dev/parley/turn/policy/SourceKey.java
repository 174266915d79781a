package dev.parley.turn.policy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * What per-address limits count by: an IPv4 address, or an IPv6 /64. One host usually has a whole
 * /64 to pick source addresses from, so counting IPv6 addresses one by one would limit nothing.
 * An IPv4-mapped IPv6 address ({@code ::ffff:1.2.3.4}) is the IPv4 host it names.
 */
public final class SourceKey {
    private SourceKey() {}

    public static InetAddress of(InetAddress source) {
        if (!(source instanceof Inet6Address)) return source;
        try {
            // getByAddress turns an IPv4-mapped address into IPv4; otherwise its /64 would be ::/64, one key
            // shared by every IPv4 client of a dual-stack socket.
            byte[] bytes = source.getAddress();
            InetAddress plain = InetAddress.getByAddress(bytes);
            if (!(plain instanceof Inet6Address)) return plain;
            byte[] prefix = Arrays.copyOf(bytes, 16);
            Arrays.fill(prefix, 8, 16, (byte) 0);
            return InetAddress.getByAddress(prefix);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are an IPv6 address", e);
        }
    }
}
