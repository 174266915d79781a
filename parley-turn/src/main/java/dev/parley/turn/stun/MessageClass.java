package dev.parley.turn.stun;

/** The class of a STUN message (RFC 8489 §5): two bits interleaved into the message type. */
public enum MessageClass {
    REQUEST(0b00), INDICATION(0b01), SUCCESS(0b10), ERROR(0b11);

    final int bits;

    MessageClass(int bits) {
        this.bits = bits;
    }

    static MessageClass of(int bits) {
        return values()[bits]; // declared in bit order
    }
}
