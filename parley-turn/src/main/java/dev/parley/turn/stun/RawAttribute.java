package dev.parley.turn.stun;

/**
 * One attribute as it stands in a message (RFC 8489 §14): its type, its value without padding,
 * and where its header starts in the message (needed to check MESSAGE-INTEGRITY and FINGERPRINT,
 * which cover everything before them).
 */
public record RawAttribute(int type, byte[] value, int offset) {
    /** Types below 0x8000 must be understood; an unknown one fails a request with 420 (§14). */
    public boolean comprehensionRequired() {
        return type < 0x8000;
    }
}
