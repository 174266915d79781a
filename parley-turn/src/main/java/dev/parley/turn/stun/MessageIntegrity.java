package dev.parley.turn.stun;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * MESSAGE-INTEGRITY, RFC 8489 §14.5: HMAC-SHA1 over the message up to this attribute, with the
 * header length counting up to and including it (so a FINGERPRINT after it is not covered).
 */
public final class MessageIntegrity {
    public static final int TYPE = 0x0008;
    static final int LENGTH = 20;

    private MessageIntegrity() {}

    static byte[] compute(byte[] prefixWithAdjustedLength, byte[] key) {
        return hmac("HmacSHA1", prefixWithAdjustedLength, key);
    }

    /** True if the message carries MESSAGE-INTEGRITY and it matches this key. */
    public static boolean verify(StunMessage m, byte[] key) {
        return verify(m, key, TYPE, LENGTH, "HmacSHA1");
    }

    static boolean verify(StunMessage m, byte[] key, int type, int length, String algorithm) {
        RawAttribute a = m.attribute(type);
        if (a == null || a.value().length != length) return false;
        byte[] expected = hmac(algorithm, prefix(m.raw(), a.offset(), length), key);
        return MessageDigest.isEqual(expected, a.value());
    }

    /** The bytes before the attribute at {@code offset}, with the header length counting it too. */
    static byte[] prefix(byte[] raw, int offset, int attributeValueLength) {
        byte[] prefix = java.util.Arrays.copyOf(raw, offset);
        ByteBuffer.wrap(prefix).putShort(2, (short) (offset - StunMessage.HEADER_BYTES + 4 + attributeValueLength));
        return prefix;
    }

    static byte[] hmac(String algorithm, byte[] data, byte[] key) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        }
    }
}
