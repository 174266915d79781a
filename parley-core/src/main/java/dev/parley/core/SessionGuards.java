package dev.parley.core;

import java.time.Duration;

/**
 * Limits on what one session may do, enforced by the core.
 *
 * @param helloTimeout a connection that has not said {@code hello} by then is closed (1008)
 * @param messagesPerSecond sustained rate of client messages; beyond it a message is answered with
 *     {@code rate-limited} and not acted on
 * @param messageBurst messages that may come at once before the rate applies
 * @param overrunLimit rate-limited messages (WebSocket pings included) within {@code overrunWindow}
 *     after which the session is closed (1008)
 * @param overrunWindow the window refusals are counted in, from the first refusal; counted per
 *     window rather than "in a row" so that a token refilled now and then does not reset a flood's count
 */
public record SessionGuards(Duration helloTimeout, double messagesPerSecond, int messageBurst, int overrunLimit,
                            Duration overrunWindow) {
    public static final Duration DEFAULT_HELLO_TIMEOUT = Duration.ofSeconds(5);
    /** Far above a call's needs (a negotiation is a few dozen messages), far below a flood. */
    public static final double DEFAULT_MESSAGES_PER_SECOND = 50;
    public static final int DEFAULT_MESSAGE_BURST = 200;
    public static final int DEFAULT_OVERRUN_LIMIT = 100;
    public static final Duration DEFAULT_OVERRUN_WINDOW = Duration.ofSeconds(10);

    public SessionGuards {
        if (helloTimeout.isNegative() || helloTimeout.isZero()) throw new IllegalArgumentException("hello timeout must be positive");
        if (!(messagesPerSecond > 0) || Double.isInfinite(messagesPerSecond) || messageBurst < 1) throw new IllegalArgumentException("message rate must be a positive finite number and burst at least 1");
        if (overrunLimit < 1) throw new IllegalArgumentException("overrun limit must be at least 1");
        if (overrunWindow.isNegative() || overrunWindow.isZero()) throw new IllegalArgumentException("overrun window must be positive");
    }

    /** With the default overrun window. */
    public SessionGuards(Duration helloTimeout, double messagesPerSecond, int messageBurst, int overrunLimit) {
        this(helloTimeout, messagesPerSecond, messageBurst, overrunLimit, DEFAULT_OVERRUN_WINDOW);
    }

    public static SessionGuards defaults() {
        return new SessionGuards(DEFAULT_HELLO_TIMEOUT, DEFAULT_MESSAGES_PER_SECOND, DEFAULT_MESSAGE_BURST, DEFAULT_OVERRUN_LIMIT);
    }
}
