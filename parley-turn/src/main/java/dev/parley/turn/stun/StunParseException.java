package dev.parley.turn.stun;

/** Bytes that are not a well-formed STUN message (RFC 8489 §6.3): the packet is dropped or answered with 400. */
public final class StunParseException extends Exception {
    public StunParseException(String message) {
        super(message, null, false, false);
    }
}
