package dev.parley.protocol;

/**
 * A frame or field that breaks the protocol. It carries what the server needs to answer with an
 * {@code error}: the code, a message for humans, and, when they could be read, the offending
 * request's {@code id} and {@code type}.
 */
public final class ProtocolException extends RuntimeException {
    private final ErrorCode code;
    private final String ref;
    private final String requestType;

    public ProtocolException(ErrorCode code, String message) {
        this(code, message, null, null);
    }

    private ProtocolException(ErrorCode code, String message, String ref, String requestType) {
        super(message, null, false, false);
        this.code = code;
        this.ref = ref;
        this.requestType = requestType;
    }

    /** The same error, now knowing which request it is about. */
    public ProtocolException about(String ref, String requestType) {
        return new ProtocolException(code, getMessage(), ref, requestType);
    }

    public ErrorCode code() {
        return code;
    }

    /** The offending request's {@code id}, or {@code null}. */
    public String ref() {
        return ref;
    }

    /** The offending request's {@code type}, or {@code null} if it could not be read. */
    public String requestType() {
        return requestType;
    }
}
