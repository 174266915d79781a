package dev.parley.protocol;

/** Every {@code error.code} the server sends. {@code docs/protocol.md} explains each one. */
public enum ErrorCode implements WireName {
    // The frame itself.
    BAD_JSON("bad-json"),
    UNKNOWN_TYPE("unknown-type"),
    MISSING_FIELD("missing-field"),
    INVALID_FIELD("invalid-field"),
    FIELD_TOO_LONG("field-too-long"),
    UNSUPPORTED_FRAME("unsupported-frame"),
    // Session.
    HELLO_REQUIRED("hello-required"),
    HELLO_REPEATED("hello-repeated"),
    NAME_TAKEN("name-taken"),
    NAME_REQUIRED("name-required"),
    RATE_LIMITED("rate-limited"),
    UNAUTHORIZED("unauthorized"),
    FORBIDDEN("forbidden"),
    SESSION_IN_USE("session-in-use"),
    // Rooms.
    ALREADY_IN_ROOM("already-in-room"),
    NOT_IN_ROOM("not-in-room"),
    TOO_MANY_ROOMS("too-many-rooms"),
    NO_SUCH_PEER("no-such-peer"),
    // Direct calls.
    SELF_CALL("self-call"),
    ALREADY_IN_CALL("already-in-call"),
    NO_SUCH_CALL("no-such-call"),
    NOT_CALLEE("not-callee"),
    CALL_NOT_RINGING("call-not-ringing"),
    CALL_NOT_ACTIVE("call-not-active"),
    // The cluster's shared state (Redis) is out of reach: retry in a moment.
    UNAVAILABLE("unavailable"),
    // The server's own fault.
    INTERNAL("internal");

    private final String wire;

    ErrorCode(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    /** The code for a wire name, or {@code null} if this version does not know it. */
    public static ErrorCode fromWire(String s) {
        return WireName.parse(ErrorCode.class, s);
    }
}
