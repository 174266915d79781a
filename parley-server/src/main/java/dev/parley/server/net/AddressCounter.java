package dev.parley.server.net;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;

/** How many of something each IP address holds, counted up only while under a limit. Thread-safe. */
final class AddressCounter {
    private final ConcurrentHashMap<InetAddress, Integer> counts = new ConcurrentHashMap<>();

    /** Counts one more for {@code address}; false (and nothing counted) when it already holds {@code max}. */
    boolean tryAcquire(InetAddress address, int max) {
        boolean[] acquired = {false};
        counts.compute(address, (a, n) -> {
            int count = n == null ? 0 : n;
            if (count >= max) return n;
            acquired[0] = true;
            return count + 1;
        });
        return acquired[0];
    }

    /** One fewer for {@code address}, after a successful {@link #tryAcquire}. */
    void release(InetAddress address) {
        counts.computeIfPresent(address, (a, n) -> n == 1 ? null : n - 1);
    }
}
