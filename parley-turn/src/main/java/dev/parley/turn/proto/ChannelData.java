package dev.parley.turn.proto;

import io.netty.buffer.ByteBuf;

/**
 * The ChannelData message, RFC 8656 §12.4: channel number (16 bits), length (16 bits), data. The
 * first two bits 01 tell it from STUN (00) on the same transport. Over TCP and TLS it is padded to a
 * multiple of four bytes, the padding not counted in the length (§12.5); over UDP padding may follow.
 */
public final class ChannelData {
    public static final int HEADER_BYTES = 4;

    private ChannelData() {}

    /** Whether the first byte at the reader index marks ChannelData (channel numbers 0x4000-0x7FFF). */
    public static boolean is(ByteBuf b) {
        return b.readableBytes() >= 1 && (b.getByte(b.readerIndex()) & 0xC0) == 0x40;
    }

    public static int channel(ByteBuf b) {
        return b.getUnsignedShort(b.readerIndex());
    }

    public static int length(ByteBuf b) {
        return b.getUnsignedShort(b.readerIndex() + 2);
    }

    /** Bytes a frame of this data length takes on a stream transport, padding included. */
    public static int streamFrameBytes(int dataLength) {
        return HEADER_BYTES + ((dataLength + 3) & ~3);
    }

    /** Writes a frame of {@code data} (readable bytes, not consumed) into {@code out}, padded when {@code pad}. */
    public static void write(ByteBuf out, int channel, ByteBuf data, boolean pad) {
        int length = data.readableBytes();
        out.writeShort(channel).writeShort(length);
        // Netty copies by memory address where it has sun.misc.Unsafe (up to JDK 24): no objects. Without
        // it (its default on JDK 25) a buffer-to-buffer copy makes three NIO objects, a copy from the
        // source's NIO view two.
        if (data.hasMemoryAddress() || data.nioBufferCount() != 1) out.writeBytes(data, data.readerIndex(), length);
        else out.writeBytes(data.internalNioBuffer(data.readerIndex(), length));
        if (pad) out.writeZero(((length + 3) & ~3) - length);
    }
}
