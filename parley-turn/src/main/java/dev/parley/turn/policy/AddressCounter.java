package dev.parley.turn.policy;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many of something each client holds, counted up only while under a limit. A client is a
 * {@link SourceKey}, as for TURN's limits: an IPv4 address (IPv4-mapped IPv6 included), or an IPv6
 * /64, since one IPv6 host can pick its source address from a whole /64. Thread-safe.
 */
public final class AddressCounter {
    private final ConcurrentHashMap<InetAddress, Integer> counts = new ConcurrentHashMap<>();

    /** Counts one more for {@code address}'s key; false (and nothing counted) when it already holds {@code max}. */
    public boolean tryAcquire(InetAddress address, int max) {
        boolean[] acquired = {false};
        counts.compute(SourceKey.of(address), (a, n) -> {
            int count = n == null ? 0 : n;
            if (count >= max) return n;
            acquired[0] = true;
            return count + 1;
        });
        return acquired[0];
    }

    /** One fewer for {@code address}'s key, after a successful {@link #tryAcquire}. */
    public void release(InetAddress address) {
        counts.computeIfPresent(SourceKey.of(address), (a, n) -> n == 1 ? null : n - 1);
    }
}
