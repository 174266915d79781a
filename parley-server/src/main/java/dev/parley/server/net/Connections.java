package dev.parley.server.net;

import dev.parley.turn.policy.AddressCounter;

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

    /**
     * WebSocket sessions per client (an IPv4 address or an IPv6 /64: see {@link AddressCounter}), and
     * in all: live ones and those held away after their connection dropped, which hold memory (a
     * backlog) though no socket. Counted from the upgrade until the session ends.
     */
    private final AddressCounter perAddress = new AddressCounter();
    private final java.util.concurrent.atomic.AtomicInteger sessions = new java.util.concurrent.atomic.AtomicInteger();

    void upgraded(Channel channel) {
        webSockets.add(channel);
    }

    /**
     * Counts a new WebSocket session from {@code address}. Returns why it may not have one (nothing
     * counted), or null: then {@link #release} must follow, once, when the session ends.
     */
    String admit(java.net.InetAddress address, int maxPerAddress, int maxTotal) {
        if (sessions.incrementAndGet() > maxTotal) {
            sessions.decrementAndGet();
            return "the server has too many sessions; try again later";
        }
        if (perAddress.tryAcquire(address, maxPerAddress)) return null;
        sessions.decrementAndGet();
        return "too many connections from your address";
    }

    /** A session counted by {@link #admit} has ended. */
    void release(java.net.InetAddress address) {
        perAddress.release(address);
        sessions.decrementAndGet();
    }

    /**
     * A session's count against {@code guards}' per-address and total session limits, for
     * {@code Hub.open}: every transport's sessions (Parley's WebSocket and the dialects') count alike.
     */
    public dev.parley.core.SessionSlot slot(java.net.InetAddress address, ConnectionGuards guards) {
        return new dev.parley.core.SessionSlot() {
            @Override
            public String take() {
                return admit(address, guards.maxSessionsPerAddress(), guards.maxSessions());
            }

            @Override
            public void release() {
                Connections.this.release(address);
            }
        };
    }

    /** Sessions counted now, live and away. */
    public int sessions() {
        return sessions.get();
    }

    /** Says goodbye to WebSocket clients, then closes everything; waits at most {@code grace} for each step. */
    public void closeAll(Duration grace) {
        webSockets.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.SERVICE_RESTART, "server is restarting; reconnect"))
                .awaitUninterruptibly(grace.toMillis());
        all.close().awaitUninterruptibly(grace.toMillis());
    }
}
