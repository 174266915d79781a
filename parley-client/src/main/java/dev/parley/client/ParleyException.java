package dev.parley.client;

import dev.parley.protocol.ErrorCode;

/**
 * A request the server refused ({@link #code()} says why), an answer that means no ({@link #reason()}:
 * {@code full}, {@code offline}, {@code busy}), or a connection that failed or closed before the
 * answer came (both {@code null}).
 */
public final class ParleyException extends RuntimeException {
    private final ErrorCode code;
    private final String reason;

    public ParleyException(ErrorCode code, String message) {
        super(message);
        this.code = code;
        this.reason = code == null ? null : code.wire();
    }

    private ParleyException(String reason, String message, ErrorCode code) {
        super(message);
        this.code = code;
        this.reason = reason;
    }

    /** A refusal that is an answer, not an error: {@code reason} is the JS SDK's error code for it. */
    public static ParleyException refused(String reason, String message) {
        return new ParleyException(reason, message, null);
    }

    public ParleyException(String message, Throwable cause) {
        super(message, cause);
        this.code = null;
        this.reason = null;
    }

    /** Why, in the JS SDK's words: the error code's wire name, or {@code full}, {@code offline}, {@code busy}. */
    public String reason() {
        return reason;
    }

    /** The server's error code, or {@code null} if the server did not answer. */
    public ErrorCode code() {
        return code;
    }
}
