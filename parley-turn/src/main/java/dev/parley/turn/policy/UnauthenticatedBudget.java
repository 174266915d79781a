package dev.parley.turn.policy;

import dev.parley.turn.allocation.TokenBucket;
import dev.parley.turn.allocation.TurnClock;
import java.net.InetAddress;

/**
 * What answers to unauthenticated requests (Binding, and the 401/438/400/420 of TURN requests without
 * valid credentials) may cost, in bytes: anyone can send those requests from a spoofed source, so
 * every answer is traffic aimed at whoever owns that address. Each answer costs its size, counted in
 * units of {@code unitBytes} (a Binding answer), from its source's budget; error answers (a 401 is
 * four times its 20-byte request, where a Binding answer is barely larger than its own) also from
 * one budget shared by all sources, which bounds what a flood from many spoofed addresses reflects.
 * Over budget, a request goes unanswered.
 */
public final class UnauthenticatedBudget {
    private final int unitBytes;
    private final SourceRateLimiter perSource;
    /** Guarded by itself. */
    private final TokenBucket errors;
    private final TurnClock clock;

    /**
     * @param perSecond units a source may draw a second; {@code burst} at once
     * @param errorsPerSecond units of error answers all sources together may draw a second, two seconds' worth at once
     */
    public UnauthenticatedBudget(int unitBytes, double perSecond, double burst, double errorsPerSecond, TurnClock clock) {
        if (unitBytes < 1) throw new IllegalArgumentException("unitBytes must be positive");
        this.unitBytes = unitBytes;
        this.perSource = new SourceRateLimiter(perSecond, burst, clock);
        this.errors = new TokenBucket(errorsPerSecond, 2 * errorsPerSecond, clock.nanoTime());
        this.clock = clock;
    }

    /** Whether an answer of {@code bytes} to {@code source} may go; if so, it is paid for. */
    public boolean allow(InetAddress source, int bytes, boolean error) {
        double cost = bytes / (double) unitBytes;
        // The source pays first: one noisy source must not spend what every other source shares.
        if (!perSource.tryAcquire(source, cost)) return false;
        if (!error) return true;
        synchronized (errors) {
            return errors.tryTake(cost, clock.nanoTime());
        }
    }

    public void sweep() {
        perSource.sweep();
    }

    /** Sources tracked now (bounded by {@link SourceRateLimiter#MAX_TRACKED}). */
    public int tracked() {
        return perSource.tracked();
    }
}
