package dev.parley.server.net;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.util.AttributeKey;

/**
 * Notes when the server sends a WebSocket close frame, so the session can tell a client's own
 * goodbye (its session ends) from a client answering the server's close (it may come back).
 */
final class CloseWatch extends ChannelOutboundHandlerAdapter {
    private static final AttributeKey<Integer> SERVER_CLOSE_CODE = AttributeKey.valueOf("parley.serverCloseCode");

    /** The status code of the close frame the server sent on this channel, or null if it sent none. */
    static Integer serverCloseCode(Channel channel) {
        return channel.attr(SERVER_CLOSE_CODE).get();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof CloseWebSocketFrame close) ctx.channel().attr(SERVER_CLOSE_CODE).setIfAbsent(close.statusCode());
        super.write(ctx, msg, promise);
    }
}
