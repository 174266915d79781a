package dev.parley.turn.proto;

import dev.parley.turn.stun.RawAttribute;
import dev.parley.turn.stun.StunParseException;

/** EVEN-PORT, RFC 8656 §18.6: ask for an even relay port; the R bit also reserves the next one. */
public final class EvenPort {
    public static final int TYPE = 0x0018;

    private EvenPort() {}

    public static byte[] encode(boolean reserveNext) {
        return new byte[] {(byte) (reserveNext ? 0x80 : 0)};
    }

    /** Whether the R bit is set. */
    public static boolean reserveNext(RawAttribute a) throws StunParseException {
        if (a.value().length != 1) throw new StunParseException("EVEN-PORT is 1 byte");
        return (a.value()[0] & 0x80) != 0;
    }
}
