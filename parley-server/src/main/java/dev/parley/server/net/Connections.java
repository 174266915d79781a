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
 * first get a close frame (1012, service restart: reconnect) and so learn at once that the server left, rather than
 * from a reset or a silent socket. Channels leave the groups by themselves when they close.
 */
public final class Connections {
    private final ChannelGroup all = new DefaultChannelGroup("parley-connections", GlobalEventExecutor.INSTANCE);
    private final ChannelGroup webSockets = new DefaultChannelGroup("parley-websockets", GlobalEventExecutor.INSTANCE);

    void opened(Channel channel) {
        all.add(channel);
    }

    /** WebSocket sessions per remote address. */
    private final AddressCounter perAddress = new AddressCounter();

    void upgraded(Channel channel) {
        webSockets.add(channel);
    }

    /**
     * Counts a new WebSocket session from {@code address}; false (and nothing counted) when it
     * already holds {@code max}. The count goes down when the channel closes.
     */
    boolean admit(Channel channel, java.net.InetAddress address, int max) {
        if (!perAddress.tryAcquire(address, max)) return false;
        channel.closeFuture().addListener(f -> perAddress.release(address));
        return true;
    }

    /** Says goodbye to WebSocket clients, then closes everything; waits at most {@code grace} for each step. */
    public void closeAll(Duration grace) {
        webSockets.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.SERVICE_RESTART, "server is restarting; reconnect"))
                .awaitUninterruptibly(grace.toMillis());
        all.close().awaitUninterruptibly(grace.toMillis());
    }
}
