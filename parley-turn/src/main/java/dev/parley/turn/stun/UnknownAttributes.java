package dev.parley.turn.stun;

import java.nio.ByteBuffer;
import java.util.List;

/** UNKNOWN-ATTRIBUTES, RFC 8489 §14.13: the comprehension-required types a 420 response did not understand. */
public final class UnknownAttributes {
    public static final int TYPE = 0x000A;

    private UnknownAttributes() {}

    public static byte[] encode(List<Integer> types) {
        ByteBuffer out = ByteBuffer.allocate(2 * types.size());
        for (int t : types) out.putShort((short) t);
        return out.array();
    }
}
