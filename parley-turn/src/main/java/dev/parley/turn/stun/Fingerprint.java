package dev.parley.turn.stun;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/** FINGERPRINT, RFC 8489 §14.7: CRC-32 of the message before it, XOR 0x5354554e; always last. */
public final class Fingerprint {
    public static final int TYPE = 0x8028;
    static final int LENGTH = 4;
    private static final int XOR = 0x5354554E;

    private Fingerprint() {}

    static byte[] compute(byte[] prefixWithAdjustedLength) {
        CRC32 crc = new CRC32();
        crc.update(prefixWithAdjustedLength);
        return ByteBuffer.allocate(4).putInt((int) crc.getValue() ^ XOR).array();
    }

    /** True if the message ends with a FINGERPRINT that matches. */
    public static boolean verify(StunMessage m) {
        RawAttribute a = m.attribute(TYPE);
        if (a == null || a.value().length != LENGTH) return false;
        return java.util.Arrays.equals(compute(MessageIntegrity.prefix(m.raw(), a.offset(), LENGTH)), a.value());
    }
}
