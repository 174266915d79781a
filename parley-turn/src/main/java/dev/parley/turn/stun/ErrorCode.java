package dev.parley.turn.stun;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** ERROR-CODE, RFC 8489 §14.8: a code 300-699 (class and number) and a short UTF-8 reason. */
public final class ErrorCode {
    public static final int TYPE = 0x0009;
    public static final int TRY_ALTERNATE = 300, BAD_REQUEST = 400, UNAUTHENTICATED = 401, FORBIDDEN = 403,
            UNKNOWN_ATTRIBUTE = 420, ALLOCATION_MISMATCH = 437, STALE_NONCE = 438, WRONG_CREDENTIALS = 441,
            ADDRESS_FAMILY_NOT_SUPPORTED = 440,
            UNSUPPORTED_TRANSPORT = 442, PEER_ADDRESS_FAMILY_MISMATCH = 443, ALLOCATION_QUOTA = 486, SERVER_ERROR = 500, INSUFFICIENT_CAPACITY = 508;

    private ErrorCode() {}

    public static byte[] encode(int code, String reason) {
        if (code < 300 || code > 699) throw new IllegalArgumentException("error codes are 300-699: " + code);
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + text.length).putShort((short) 0).put((byte) (code / 100)).put((byte) (code % 100))
                .put(text).array();
    }

    /** The numeric code of the ERROR-CODE in this message, or -1. */
    public static int code(StunMessage m) {
        RawAttribute a = m.attribute(TYPE);
        if (a == null || a.value().length < 4) return -1;
        return (a.value()[2] & 0x07) * 100 + (a.value()[3] & 0xFF);
    }
}
