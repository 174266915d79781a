package dev.parley.turn.proto;

import dev.parley.turn.stun.RawAttribute;
import dev.parley.turn.stun.StunParseException;

/**
 * ADDITIONAL-ADDRESS-FAMILY, RFC 8656 §18.11: in an Allocate, asks for an IPv6 relayed address beside
 * the IPv4 one (a dual allocation, §7.2 item 9). Laid out as REQUESTED-ADDRESS-FAMILY (a family byte,
 * then 3 reserved bytes); IPv6 (0x02) is its only valid value, IPv4 is a 400. Comprehension-optional.
 */
public final class AdditionalAddressFamily {
    public static final int TYPE = 0x8000;

    private AdditionalAddressFamily() {}

    public static byte[] encode(int family) {
        return RequestedAddressFamily.encode(family);
    }

    /** The family byte, as {@link RequestedAddressFamily#decode}. */
    public static int decode(RawAttribute a) throws StunParseException {
        if (a.value().length != 4) throw new StunParseException("ADDITIONAL-ADDRESS-FAMILY is 4 bytes");
        return a.value()[0] & 0xFF;
    }
}
