package dev.parley.turn.policy;

import dev.parley.turn.allocation.TokenBucket;
import dev.parley.turn.allocation.TurnClock;
import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per source, a source being a {@link SourceKey} (an IPv4 address, or an IPv6 /64: one
 * host picks its addresses from a whole /64). Takes weighted costs, so a larger answer can cost more.
 * The table of sources is bounded ({@link #MAX_TRACKED}; measured on JDK 25, 144 bytes an IPv4 source
 * and 213 an IPv6 one, so at most 14 MB): when it is full (a spoofed flood), unknown sources share one
 * overflow bucket until the sweep forgets quiet ones (those whose bucket has filled up again).
 */
public final class SourceRateLimiter {
    /** Sources tracked at once. */
    public static final int MAX_TRACKED = 65_536;
    /** How many times one source's rate all unknown sources share once the table is full. */
    static final int OVERFLOW_FACTOR = 10;

    private final double ratePerSecond;
    private final double burst;
    private final TurnClock clock;
    private final Map<InetAddress, TokenBucket> buckets = new ConcurrentHashMap<>();
    /** Guarded by itself. */
    private final TokenBucket overflow;

    public SourceRateLimiter(double ratePerSecond, double burst, TurnClock clock) {
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.clock = clock;
        this.overflow = new TokenBucket(ratePerSecond * OVERFLOW_FACTOR, burst * OVERFLOW_FACTOR, clock.nanoTime());
    }

    public boolean tryAcquire(InetAddress source) {
        return tryAcquire(source, 1);
    }

    /** Takes {@code cost} from the source's bucket, if it holds that much. */
    public boolean tryAcquire(InetAddress source, double cost) {
        long now = clock.nanoTime();
        InetAddress key = SourceKey.of(source);
        TokenBucket b = buckets.get(key);
        if (b == null) {
            if (buckets.size() >= MAX_TRACKED) {
                synchronized (overflow) {
                    return overflow.tryTake(cost, now);
                }
            }
            b = buckets.computeIfAbsent(key, s -> new TokenBucket(ratePerSecond, burst, now));
        }
        synchronized (b) {
            return b.tryTake(cost, now);
        }
    }

    /** Forgets sources whose bucket has filled up again; called periodically. */
    public void sweep() {
        long now = clock.nanoTime();
        buckets.values().removeIf(b -> {
            synchronized (b) {
                return b.full(now);
            }
        });
    }

    public int tracked() {
        return buckets.size();
    }
}
