package dev.parley.core;

/**
 * A step that needs the state sessions share could not be taken because that state is out of
 * reach now (a cluster's store restarting, paused, or cut off), not because the request was wrong:
 * the client is told {@code unavailable} and may retry in a moment. Thrown by a {@link SharedState}
 * implementation; the in-memory one never throws it.
 */
public final class SharedStateUnavailable extends RuntimeException {
    public SharedStateUnavailable(String message, Throwable cause) {
        super(message, cause);
    }

    public SharedStateUnavailable(String message) {
        super(message);
    }
}
