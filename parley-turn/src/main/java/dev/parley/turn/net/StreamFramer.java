package dev.parley.turn.net;

import dev.parley.turn.proto.ChannelData;
import dev.parley.turn.stun.StunMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits a TCP/TLS byte stream into STUN messages (20-byte header plus its length) and ChannelData
 * frames (4-byte header plus the length rounded up to four, RFC 8656 §12.5). The first two bits
 * tell which; anything else (or STUN bits without the magic cookie) means the stream is not TURN,
 * and the connection is closed.
 */
final class StreamFramer extends ByteToMessageDecoder {
    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.readableBytes() >= 4) {
            int start = in.readerIndex();
            int kind = in.getUnsignedByte(start) & 0xC0;
            int length = in.getUnsignedShort(start + 2);
            int frame;
            if (kind == 0x00) {
                if (in.readableBytes() < 8) return;
                if (in.getInt(start + 4) != StunMessage.MAGIC_COOKIE) {
                    reject(ctx, in); // e.g. a TLS handshake sent to the plain TCP port
                    return;
                }
                frame = StunMessage.HEADER_BYTES + length;
            } else if (kind == 0x40) {
                frame = ChannelData.streamFrameBytes(length);
            } else {
                reject(ctx, in);
                return;
            }
            if (in.readableBytes() < frame) return;
            out.add(in.readRetainedSlice(frame));
        }
    }

    private static void reject(ChannelHandlerContext ctx, ByteBuf in) {
        in.skipBytes(in.readableBytes());
        ctx.close();
    }
}
