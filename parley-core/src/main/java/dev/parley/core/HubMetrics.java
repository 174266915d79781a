package dev.parley.core;

import dev.parley.protocol.ErrorCode;

/** What the core reports as it works; a metrics registry implements it outside the core. Called from any thread. */
public interface HubMetrics {
    HubMetrics NONE = new HubMetrics() {};

    default void sessionOpened() {}

    default void sessionClosed() {}

    /** A client message of this protocol type was received. */
    default void messageIn(String type) {}

    /** A server message of this protocol type was queued for a client. */
    default void messageOut(String type) {}

    default void error(ErrorCode code) {}

    default void rateLimited() {}

    /**
     * A lost connection's session: {@code away} (held for resuming), {@code resumed} (taken over
     * within the grace period), {@code restored} (its id taken back after it had ended, e.g. across
     * a restart), {@code expired} (nobody came back in time), {@code overflow} (ended because too
     * much was waiting for it).
     */
    default void resume(String outcome) {}

    /**
     * A direct call reached an outcome: {@code offline}, {@code busy}, {@code accepted},
     * {@code rejected}, {@code timeout}, or how an accepted one ended ({@code hangup}, {@code disconnected}).
     */
    default void callOutcome(String outcome) {}
}
