package dev.parley.server.net;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.util.List;

/**
 * Turns each whole text message into its bytes, checked to be UTF-8; a message that is not closes
 * the connection with 1007. (Netty's own validator, switched off, walks the bytes through a
 * callback one at a time and cost a fifth of the server's time under load.)
 */
final class TextFrames extends MessageToMessageDecoder<TextWebSocketFrame> {
    /** A text message's UTF-8 bytes. */
    record Text(byte[] utf8) {}

    TextFrames() {
        super(TextWebSocketFrame.class);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, TextWebSocketFrame frame, List<Object> out) {
        byte[] bytes = ByteBufUtil.getBytes(frame.content());
        if (Utf8.isValid(bytes, 0, bytes.length)) {
            out.add(new Text(bytes));
        } else {
            ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.INVALID_PAYLOAD_DATA, "text is not valid UTF-8"))
                    .addListener(ChannelFutureListener.CLOSE);
        }
    }
}
