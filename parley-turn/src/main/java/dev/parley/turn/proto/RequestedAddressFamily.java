package dev.parley.turn.proto;

import dev.parley.turn.stun.RawAttribute;
import dev.parley.turn.stun.StunParseException;

/** REQUESTED-ADDRESS-FAMILY, RFC 8656 §18.8 (from RFC 6156): IPv4 (0x01) or IPv6 (0x02), then 3 reserved bytes. */
public final class RequestedAddressFamily {
    public static final int TYPE = 0x0017;
    public static final int IPV4 = 0x01, IPV6 = 0x02;

    private RequestedAddressFamily() {}

    public static byte[] encode(int family) {
        return new byte[] {(byte) family, 0, 0, 0};
    }

    /** The family byte; values other than IPv4 and IPv6 are the caller's 440. */
    public static int decode(RawAttribute a) throws StunParseException {
        if (a.value().length != 4) throw new StunParseException("REQUESTED-ADDRESS-FAMILY is 4 bytes");
        return a.value()[0] & 0xFF;
    }
}
