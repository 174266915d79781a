package dev.parley.server.core;

/**
 * How many messages a session may still send: tokens refill at the guards' rate up to the burst.
 * Confined to the session's inbound sequence, like the rest of its per-session state.
 */
final class MessageBudget {
    private final double perNano;
    private final double burst;
    private final int overrunLimit;
    private double tokens;
    private long lastNanos;
    /** Rate-limited messages since the last one that was allowed. */
    private int overrun;

    MessageBudget(SessionGuards guards, long nowNanos) {
        this.perNano = guards.messagesPerSecond() / 1e9;
        this.burst = guards.messageBurst();
        this.overrunLimit = guards.overrunLimit();
        this.tokens = burst;
        this.lastNanos = nowNanos;
    }

    /** Whether one more message is allowed now. */
    boolean spend(long nowNanos) {
        tokens = Math.min(burst, tokens + Math.max(0, nowNanos - lastNanos) * perNano);
        lastNanos = nowNanos;
        if (tokens >= 1) {
            tokens -= 1;
            overrun = 0;
            return true;
        }
        overrun++;
        return false;
    }

    /** Whether the client kept sending through the limit long enough to be cut off. */
    boolean abused() {
        return overrun >= overrunLimit;
    }
}
