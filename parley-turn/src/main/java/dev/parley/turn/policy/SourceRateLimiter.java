package dev.parley.turn.policy;

import dev.parley.turn.allocation.TokenBucket;
import dev.parley.turn.allocation.TurnClock;
import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Limits unauthenticated requests (Binding, and anything answered 400/401/438) per source IP
 * address. Over the limit a request is dropped without an answer: a STUN server must not become an
 * amplifier for spoofed sources, nor a password oracle at line rate. The table of sources is
 * bounded; when it is full (a spoofed flood), unknown sources share one overflow bucket.
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

    public SourceRateLimiter(double ratePerSecond, int burst, TurnClock clock) {
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.clock = clock;
        this.overflow = new TokenBucket(ratePerSecond * OVERFLOW_FACTOR, burst * OVERFLOW_FACTOR, clock.nanoTime());
    }

    public boolean tryAcquire(InetAddress source) {
        long now = clock.nanoTime();
        TokenBucket b = buckets.get(source);
        if (b == null) {
            if (buckets.size() >= MAX_TRACKED) {
                synchronized (overflow) {
                    return overflow.tryTake(1, now);
                }
            }
            b = buckets.computeIfAbsent(source, s -> new TokenBucket(ratePerSecond, burst, now));
        }
        synchronized (b) {
            return b.tryTake(1, now);
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
