package dev.parley.turn.proto;

import dev.parley.turn.stun.RawAttribute;
import dev.parley.turn.stun.StunParseException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * ADDRESS-ERROR-CODE, RFC 8656 §18.12: in the success response to a dual allocation, why one of the
 * two families was not allocated (440 or 508, §7.2 item 9). A family byte, a reserved byte, then
 * class and number and a UTF-8 reason as in ERROR-CODE (RFC 8489 §14.8). Comprehension-optional.
 */
public final class AddressErrorCode {
    public static final int TYPE = 0x8001;

    /** What the attribute says: the family it is about, and the error code. */
    public record Value(int family, int code, String reason) {}

    private AddressErrorCode() {}

    public static byte[] encode(int family, int code, String reason) {
        if (code < 300 || code > 699) throw new IllegalArgumentException("error codes are 300-699: " + code);
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + text.length).put((byte) family).put((byte) 0).put((byte) (code / 100)).put((byte) (code % 100))
                .put(text).array();
    }

    public static Value decode(RawAttribute a) throws StunParseException {
        byte[] v = a.value();
        if (v.length < 4) throw new StunParseException("ADDRESS-ERROR-CODE is at least 4 bytes");
        return new Value(v[0] & 0xFF, (v[2] & 0x07) * 100 + (v[3] & 0xFF), new String(v, 4, v.length - 4, StandardCharsets.UTF_8));
    }
}
