package dev.parley.turn.net;

import dev.parley.turn.allocation.RelayStats;
import dev.parley.turn.policy.AddressCounter;
import java.net.InetAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts open TURN TCP/TLS connections per source address (an IPv6 /64) and in total, and refuses
 * one beyond either limit: without them one address could hold thousands of connections, each with
 * its buffers, until the process ran out of file descriptors. Shared by every event loop.
 */
final class StreamGate {
    private static final Logger log = LoggerFactory.getLogger(StreamGate.class);
    /** At most one warning this often while the total limit refuses connections. */
    private static final long WARN_EVERY_NANOS = 10_000_000_000L;

    private final int maxPerAddress;
    private final int maxTotal;
    private final RelayStats stats;
    private final AddressCounter perAddress = new AddressCounter();
    /** Guarded by {@code this}. */
    private int total;
    /** Guarded by {@code this}. */
    private long lastWarning = System.nanoTime() - WARN_EVERY_NANOS;

    StreamGate(int maxPerAddress, int maxTotal, RelayStats stats) {
        this.maxPerAddress = maxPerAddress;
        this.maxTotal = maxTotal;
        this.stats = stats;
    }

    /** Counts a new connection from {@code source}, or says no; a counted one is given back with {@link #release}. */
    synchronized boolean tryAcquire(InetAddress source) {
        if (total >= maxTotal) {
            stats.streamsRefusedTotal.increment();
            long now = System.nanoTime();
            if (now - lastWarning >= WARN_EVERY_NANOS) {
                lastWarning = now;
                log.warn("TURN TCP/TLS connection limit reached ({} open): new connections are closed (--turn-max-connections)", total);
            }
            return false;
        }
        if (!perAddress.tryAcquire(source, maxPerAddress)) {
            stats.streamsRefusedPerAddress.increment();
            return false;
        }
        total++;
        return true;
    }

    synchronized void release(InetAddress source) {
        perAddress.release(source);
        total--;
    }

    synchronized int open() {
        return total;
    }
}
