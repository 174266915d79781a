package dev.parley.turn.proto;

import dev.parley.turn.stun.RawAttribute;
import dev.parley.turn.stun.StunParseException;
import java.nio.ByteBuffer;

/** LIFETIME, RFC 8656 §18.2: seconds the allocation has left, unsigned 32 bits. */
public final class Lifetime {
    public static final int TYPE = 0x000D;

    private Lifetime() {}

    public static byte[] encode(long seconds) {
        return ByteBuffer.allocate(4).putInt((int) seconds).array();
    }

    public static long decode(RawAttribute a) throws StunParseException {
        if (a.value().length != 4) throw new StunParseException("LIFETIME is 4 bytes");
        return ByteBuffer.wrap(a.value()).getInt() & 0xFFFFFFFFL;
    }
}
