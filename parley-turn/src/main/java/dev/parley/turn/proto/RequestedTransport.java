package dev.parley.turn.proto;

import dev.parley.turn.stun.RawAttribute;
import dev.parley.turn.stun.StunParseException;

/** REQUESTED-TRANSPORT, RFC 8656 §18.7: the IP protocol number of the relayed transport, then 3 reserved bytes. */
public final class RequestedTransport {
    public static final int TYPE = 0x0019;
    public static final int UDP = 17, TCP = 6;

    private RequestedTransport() {}

    public static byte[] encode(int protocol) {
        return new byte[] {(byte) protocol, 0, 0, 0};
    }

    public static int decode(RawAttribute a) throws StunParseException {
        if (a.value().length != 4) throw new StunParseException("REQUESTED-TRANSPORT is 4 bytes");
        return a.value()[0] & 0xFF;
    }
}
