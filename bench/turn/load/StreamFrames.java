import java.nio.ByteBuffer;

/** Message boundaries on a TURN TCP stream: STUN messages and ChannelData padded to 4 bytes (RFC 8656 §12.5). */
final class StreamFrames {
    private StreamFrames() {}

    /** The whole frame's length at {@code in}'s position; 0 before its 4-byte header arrived; -1 when it is neither. */
    static int length(ByteBuffer in) {
        if (in.remaining() < 4) return 0;
        int first = in.get(in.position()) & 0xC0, length = in.getShort(in.position() + 2) & 0xFFFF;
        if (first == 0x00) return 20 + length;
        if (first == 0x40) return 4 + ((length + 3) & ~3);
        return -1;
    }
}
