package dev.parley.turn.stun;

/**
 * A STUN message type (RFC 8489 §5): a 12-bit method and a 2-bit class, interleaved as
 * M11..M7 C1 M6..M4 C0 M3..M0 in the 14 low bits of the first header field.
 */
public record MessageType(int method, MessageClass messageClass) {
    /** RFC 8489 §18.2. */
    public static final int BINDING = 0x001;
    /** RFC 8656 §17. */
    public static final int ALLOCATE = 0x003, REFRESH = 0x004, SEND = 0x006, DATA = 0x007,
            CREATE_PERMISSION = 0x008, CHANNEL_BIND = 0x009;

    public MessageType {
        if (method < 0 || method > 0xFFF) throw new IllegalArgumentException("method is 12 bits: " + method);
    }

    public static MessageType of(int method, MessageClass c) {
        return new MessageType(method, c);
    }

    int toBits() {
        int m = method;
        int c = messageClass.bits;
        return (m & 0x000F) | ((c & 0b01) << 4) | ((m & 0x0070) << 1) | ((c & 0b10) << 7) | ((m & 0x0F80) << 2);
    }

    static MessageType fromBits(int bits) {
        int method = (bits & 0x000F) | ((bits & 0x00E0) >> 1) | ((bits & 0x3E00) >> 2);
        int c = ((bits >> 4) & 0b01) | ((bits >> 7) & 0b10);
        return new MessageType(method, MessageClass.of(c));
    }

    /** The matching success or error response type. */
    public MessageType response(boolean success) {
        return new MessageType(method, success ? MessageClass.SUCCESS : MessageClass.ERROR);
    }
}
