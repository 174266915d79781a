package dev.parley.turn.stun;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A decoded STUN message (RFC 8489 §5, §6.3), keeping its bytes so integrity and fingerprint can
 * be checked over exactly what was received. Attributes after MESSAGE-INTEGRITY other than
 * MESSAGE-INTEGRITY-SHA256 and FINGERPRINT are ignored, as the RFC requires (§14.5).
 */
public final class StunMessage {
    public static final int HEADER_BYTES = 20;
    public static final int MAGIC_COOKIE = 0x2112A442;

    private final MessageType type;
    private final byte[] transactionId;
    private final List<RawAttribute> attributes;
    private final byte[] raw;

    private StunMessage(MessageType type, byte[] transactionId, List<RawAttribute> attributes, byte[] raw) {
        this.type = type;
        this.transactionId = transactionId;
        this.attributes = attributes;
        this.raw = raw;
    }

    /** Whether the bytes could be STUN at all: first two bits zero and the magic cookie (§6). */
    public static boolean looksLikeStun(byte[] b, int length) {
        return length >= HEADER_BYTES && (b[0] & 0xC0) == 0 && ByteBuffer.wrap(b, 4, 4).getInt() == MAGIC_COOKIE;
    }

    public static StunMessage decode(byte[] bytes) throws StunParseException {
        if (!looksLikeStun(bytes, bytes.length)) throw new StunParseException("not a STUN message");
        ByteBuffer in = ByteBuffer.wrap(bytes);
        int typeBits = in.getShort() & 0xFFFF;
        int length = in.getShort() & 0xFFFF;
        if (length % 4 != 0) throw new StunParseException("message length " + length + " is not a multiple of 4");
        if (length != bytes.length - HEADER_BYTES) {
            throw new StunParseException("message length " + length + " does not match " + (bytes.length - HEADER_BYTES) + " bytes");
        }
        in.getInt(); // magic cookie, checked above
        byte[] transactionId = new byte[12];
        in.get(transactionId);
        List<RawAttribute> attributes = new ArrayList<>();
        boolean afterIntegrity = false;
        while (in.remaining() > 0) {
            if (in.remaining() < 4) throw new StunParseException("truncated attribute header");
            int offset = in.position();
            int type = in.getShort() & 0xFFFF;
            int valueLength = in.getShort() & 0xFFFF;
            int padded = (valueLength + 3) & ~3;
            if (padded > in.remaining()) throw new StunParseException("attribute 0x" + Integer.toHexString(type) + " overruns the message");
            byte[] value = new byte[valueLength];
            in.get(value);
            in.position(in.position() + padded - valueLength);
            if (!attributes.isEmpty() && attributes.getLast().type() == Fingerprint.TYPE) {
                throw new StunParseException("FINGERPRINT must be the last attribute");
            }
            boolean keep = !afterIntegrity || type == MessageIntegritySha256.TYPE || type == Fingerprint.TYPE;
            if (keep) attributes.add(new RawAttribute(type, value, offset));
            if (type == MessageIntegrity.TYPE || type == MessageIntegritySha256.TYPE) afterIntegrity = true;
        }
        return new StunMessage(MessageType.fromBits(typeBits), transactionId, List.copyOf(attributes), bytes);
    }

    public MessageType type() {
        return type;
    }

    public byte[] transactionId() {
        return transactionId.clone();
    }

    public List<RawAttribute> attributes() {
        return attributes;
    }

    /** The first attribute of this type, or null. */
    public RawAttribute attribute(int attributeType) {
        for (RawAttribute a : attributes) if (a.type() == attributeType) return a;
        return null;
    }

    /** The bytes this message was decoded from. */
    byte[] raw() {
        return raw;
    }

    /** A new message answering this one, with its transaction id. */
    public StunMessageBuilder respond(boolean success) {
        return StunMessageBuilder.of(type.response(success), transactionId);
    }

    @Override
    public String toString() {
        return type + " tx=" + Arrays.toString(transactionId) + " attrs=" + attributes.stream().map(a -> Integer.toHexString(a.type())).toList();
    }
}
