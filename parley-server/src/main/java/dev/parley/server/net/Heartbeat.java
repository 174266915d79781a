package dev.parley.server.net;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * Dead-peer detection for a WebSocket: after one interval without a byte from the client, a ping
 * (browsers and the JDK answer with a pong); after a second one, the client is gone and the
 * connection is closed, which ends its session like any disconnect. Placed first in the pipeline so
 * every byte read counts as a sign of life.
 */
final class Heartbeat extends IdleStateHandler {
    Heartbeat(long intervalMillis) {
        super(intervalMillis, 0, 0, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent e) {
        if (e.isFirst()) ctx.channel().writeAndFlush(new PingWebSocketFrame()); // through the whole pipeline, to be encoded
        else ctx.close();
    }
}
