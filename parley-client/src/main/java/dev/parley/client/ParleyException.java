package dev.parley.client;

import dev.parley.protocol.ErrorCode;

/**
 * A request the server refused ({@link #code()} says why), or a connection that failed or closed
 * before the answer came ({@link #code()} is {@code null}).
 */
public final class ParleyException extends RuntimeException {
    private final ErrorCode code;

    public ParleyException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ParleyException(String message, Throwable cause) {
        super(message, cause);
        this.code = null;
    }

    /** The server's error code, or {@code null} if the server did not answer. */
    public ErrorCode code() {
        return code;
    }
}
