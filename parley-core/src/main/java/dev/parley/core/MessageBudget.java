package dev.parley.core;

/**
 * How many messages a session may still send: tokens refill at the guards' rate up to the burst.
 * Refused messages are counted per window (starting at the first refusal) so that a client kept
 * over the limit is cut off even though a refilled token now and then lets one through.
 * Confined to the session's inbound sequence, like the rest of its per-session state; times come
 * from the caller (the hub's clock), so tests drive it without sleeping.
 */
final class MessageBudget {
    private final double perNano;
    private final double burst;
    private final int overrunLimit;
    private final long overrunWindowNanos;
    private double tokens;
    private long lastNanos;
    /** Messages refused since {@link #windowStart}. */
    private int refused;
    /** When the current count of refusals began (at a refusal). */
    private long windowStart;

    MessageBudget(SessionGuards guards, long nowNanos) {
        this.perNano = guards.messagesPerSecond() / 1e9;
        this.burst = guards.messageBurst();
        this.overrunLimit = guards.overrunLimit();
        this.overrunWindowNanos = guards.overrunWindow().toNanos();
        this.tokens = burst;
        this.lastNanos = nowNanos;
    }

    /** Whether one more message is allowed now. */
    boolean spend(long nowNanos) {
        tokens = Math.min(burst, tokens + Math.max(0, nowNanos - lastNanos) * perNano);
        lastNanos = nowNanos;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        if (refused == 0 || nowNanos - windowStart >= overrunWindowNanos) {
            windowStart = nowNanos;
            refused = 0;
        }
        refused++;
        return false;
    }

    /** Whether the client sent through the limit often enough within one window to be cut off. */
    boolean abused() {
        return refused >= overrunLimit;
    }
}
