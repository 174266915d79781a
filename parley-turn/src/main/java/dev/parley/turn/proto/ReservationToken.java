package dev.parley.turn.proto;

import dev.parley.turn.stun.RawAttribute;
import dev.parley.turn.stun.StunParseException;
import java.nio.ByteBuffer;

/** RESERVATION-TOKEN, RFC 8656 §18.10: 8 opaque bytes naming a relay port the server holds back. */
public final class ReservationToken {
    public static final int TYPE = 0x0022;

    private ReservationToken() {}

    public static byte[] encode(long token) {
        return ByteBuffer.allocate(8).putLong(token).array();
    }

    public static long decode(RawAttribute a) throws StunParseException {
        if (a.value().length != 8) throw new StunParseException("RESERVATION-TOKEN is 8 bytes");
        return ByteBuffer.wrap(a.value()).getLong();
    }
}
