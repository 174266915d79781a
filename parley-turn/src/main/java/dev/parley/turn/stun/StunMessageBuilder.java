package dev.parley.turn.stun;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.SecureRandom;

/**
 * Writes a STUN message. Attributes go in the order they are added; MESSAGE-INTEGRITY,
 * MESSAGE-INTEGRITY-SHA256 and FINGERPRINT are computed last over what precedes them, with the
 * header length counting up to and including each one, as RFC 8489 §14.5-§14.7 specify.
 */
public final class StunMessageBuilder {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MessageType type;
    private final byte[] transactionId;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    private StunMessageBuilder(MessageType type, byte[] transactionId) {
        if (transactionId.length != 12) throw new IllegalArgumentException("transaction id is 12 bytes");
        this.type = type;
        this.transactionId = transactionId.clone();
    }

    public static StunMessageBuilder of(MessageType type, byte[] transactionId) {
        return new StunMessageBuilder(type, transactionId);
    }

    /** A message with a fresh random transaction id (§5: 96 bits, uniformly random). */
    public static StunMessageBuilder of(MessageType type) {
        return new StunMessageBuilder(type, randomTransactionId());
    }

    public static byte[] randomTransactionId() {
        byte[] id = new byte[12];
        RANDOM.nextBytes(id);
        return id;
    }

    public byte[] transactionId() {
        return transactionId.clone();
    }

    public StunMessageBuilder add(int attributeType, byte[] value) {
        if (value.length > 0xFFFF) throw new IllegalArgumentException("attribute value too long");
        body.writeBytes(ByteBuffer.allocate(4).putShort((short) attributeType).putShort((short) value.length).array());
        body.writeBytes(value);
        body.writeBytes(new byte[((value.length + 3) & ~3) - value.length]);
        return this;
    }

    /** Appends MESSAGE-INTEGRITY (HMAC-SHA1) with this key (§14.5). */
    public StunMessageBuilder integrity(byte[] key) {
        return add(MessageIntegrity.TYPE, MessageIntegrity.compute(withPendingAttribute(MessageIntegrity.LENGTH), key));
    }

    /** Appends MESSAGE-INTEGRITY-SHA256 with this key (§14.6). */
    public StunMessageBuilder integritySha256(byte[] key) {
        return add(MessageIntegritySha256.TYPE,
                MessageIntegritySha256.compute(withPendingAttribute(MessageIntegritySha256.LENGTH), key));
    }

    /** Appends FINGERPRINT (§14.7); it must be the last attribute. */
    public byte[] buildWithFingerprint() {
        return add(Fingerprint.TYPE, Fingerprint.compute(withPendingAttribute(Fingerprint.LENGTH))).build();
    }

    public byte[] build() {
        return header(body.size(), body.toByteArray());
    }

    /** The message so far, with a header length that already counts one more attribute of this value length. */
    private byte[] withPendingAttribute(int valueLength) {
        return header(body.size() + 4 + valueLength, body.toByteArray());
    }

    private byte[] header(int length, byte[] attributes) {
        return ByteBuffer.allocate(StunMessage.HEADER_BYTES + attributes.length)
                .putShort((short) type.toBits())
                .putShort((short) length)
                .putInt(StunMessage.MAGIC_COOKIE)
                .put(transactionId)
                .put(attributes)
                .array();
    }
}
