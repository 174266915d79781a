package dev.parley.server.net;

import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.time.Duration;

/**
 * Every open connection, so the server can close them on purpose when it stops: WebSocket clients
 * first get a close frame (1001, going away) and so learn at once that the server left, rather than
 * from a reset or a silent socket. Channels leave the groups by themselves when they close.
 */
public final class Connections {
    private final ChannelGroup all = new DefaultChannelGroup("parley-connections", GlobalEventExecutor.INSTANCE);
    private final ChannelGroup webSockets = new DefaultChannelGroup("parley-websockets", GlobalEventExecutor.INSTANCE);

    void opened(Channel channel) {
        all.add(channel);
    }

    void upgraded(Channel channel) {
        webSockets.add(channel);
    }

    /** Says goodbye to WebSocket clients, then closes everything; waits at most {@code grace} for each step. */
    public void closeAll(Duration grace) {
        webSockets.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE, "server is shutting down"))
                .awaitUninterruptibly(grace.toMillis());
        all.close().awaitUninterruptibly(grace.toMillis());
    }
}
