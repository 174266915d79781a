package dev.parley.turn.stun;

/** MESSAGE-INTEGRITY-SHA256, RFC 8489 §14.6: as MESSAGE-INTEGRITY, with HMAC-SHA256 (full 32 bytes). */
public final class MessageIntegritySha256 {
    public static final int TYPE = 0x001C;
    static final int LENGTH = 32;

    private MessageIntegritySha256() {}

    static byte[] compute(byte[] prefixWithAdjustedLength, byte[] key) {
        return MessageIntegrity.hmac("HmacSHA256", prefixWithAdjustedLength, key);
    }

    public static boolean verify(StunMessage m, byte[] key) {
        return MessageIntegrity.verify(m, key, TYPE, LENGTH, "HmacSHA256");
    }
}
