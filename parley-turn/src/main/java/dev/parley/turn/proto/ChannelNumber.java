package dev.parley.turn.proto;

import dev.parley.turn.stun.RawAttribute;
import dev.parley.turn.stun.StunParseException;
import java.nio.ByteBuffer;

/** CHANNEL-NUMBER, RFC 8656 §18.1: a 16-bit channel number and 16 reserved bits. */
public final class ChannelNumber {
    public static final int TYPE = 0x000C;
    /**
     * Channel numbers a client may bind. RFC 8656 §12 narrowed them to 0x4000-0x4FFF; RFC 5766 had
     * 0x4000-0x7FFF, and clients of that era (coturn's own uclient among them) still pick from the
     * whole range, which stays distinguishable from STUN and from DTLS/RTP (RFC 7983), so it is accepted.
     */
    public static final int MIN = 0x4000, MAX = 0x7FFF;

    private ChannelNumber() {}

    public static byte[] encode(int channel) {
        return ByteBuffer.allocate(4).putShort((short) channel).putShort((short) 0).array();
    }

    /** The channel number, not yet range-checked (an out-of-range one is a 400, not a parse failure). */
    public static int decode(RawAttribute a) throws StunParseException {
        if (a.value().length != 4) throw new StunParseException("CHANNEL-NUMBER is 4 bytes");
        return ByteBuffer.wrap(a.value()).getShort() & 0xFFFF;
    }

    public static boolean valid(int channel) {
        return channel >= MIN && channel <= MAX;
    }
}
