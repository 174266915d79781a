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
 * and the connection is closed. So is a stream whose first byte is not STUN's: a client's first
 * message is a request, and e.g. {@code GET } would otherwise read as a 21 KB ChannelData frame to
 * wait for. Until the stream holds an allocation, a frame may be at most {@link #MAX_UNALLOCATED_FRAME}
 * bytes, so an unauthenticated connection buffers no more than that.
 */
final class StreamFramer extends ByteToMessageDecoder {
    /** Ample for an Allocate with the longest USERNAME, REALM, NONCE and SOFTWARE RFC 8489 allows. */
    static final int MAX_UNALLOCATED_FRAME = 4096;

    private final StreamClient client;
    /** Confined to the event loop. */
    private boolean first = true;

    StreamFramer(StreamClient client) {
        this.client = client;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            int start = in.readerIndex();
            int kind = in.getUnsignedByte(start) & 0xC0;
            if (kind != 0x00 && (kind != 0x40 || first)) {
                reject(ctx, in);
                return;
            }
            if (in.readableBytes() < 4) return;
            int length = in.getUnsignedShort(start + 2);
            int frame;
            if (kind == 0x00) {
                if (in.readableBytes() < 8) return;
                if (in.getInt(start + 4) != StunMessage.MAGIC_COOKIE || length % 4 != 0) {
                    reject(ctx, in); // e.g. a TLS handshake sent to the plain TCP port
                    return;
                }
                frame = StunMessage.HEADER_BYTES + length;
            } else {
                frame = ChannelData.streamFrameBytes(length);
            }
            if (frame > MAX_UNALLOCATED_FRAME && !client.allocated()) {
                reject(ctx, in);
                return;
            }
            if (in.readableBytes() < frame) return;
            first = false;
            out.add(in.readRetainedSlice(frame));
        }
    }

    private void reject(ChannelHandlerContext ctx, ByteBuf in) {
        in.skipBytes(in.readableBytes());
        client.notTurn();
        ctx.flush(); // answers to the frames before this one go out before the close, which would discard them
        ctx.close();
    }
}
