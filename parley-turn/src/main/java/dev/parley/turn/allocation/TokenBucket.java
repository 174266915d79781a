package dev.parley.turn.allocation;

/**
 * A token bucket refilled continuously: {@code rate} tokens a second up to {@code burst}. Not
 * thread-safe; each bucket belongs to one event loop (an allocation) or is used under a lock.
 */
public final class TokenBucket {
    private final double ratePerNano;
    private final double burst;
    private double tokens;
    private long lastNanos;

    public TokenBucket(double ratePerSecond, double burst, long nowNanos) {
        if (ratePerSecond <= 0 || burst <= 0) throw new IllegalArgumentException("rate and burst must be positive");
        this.ratePerNano = ratePerSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.lastNanos = nowNanos;
    }

    /** Takes {@code n} tokens if there are that many. */
    public boolean tryTake(double n, long nowNanos) {
        refill(nowNanos);
        if (tokens < n) return false;
        tokens -= n;
        return true;
    }

    /** Whether the bucket is full again, i.e. its owner has been quiet long enough to forget. */
    public boolean full(long nowNanos) {
        refill(nowNanos);
        return tokens >= burst;
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - lastNanos;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed * ratePerNano);
            lastNanos = nowNanos;
        }
    }
}
