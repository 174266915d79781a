package dev.parley.server.net;

import dev.parley.protocol.ServerFrame;
import dev.parley.protocol.ServerFrameCodec;
import dev.parley.server.core.Outbox;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.channel.ChannelFutureListener;
import java.util.concurrent.TimeUnit;

/**
 * A session's outgoing frames. JSON is encoded on the calling thread; the write is always queued
 * onto the channel's event loop, even from that loop, so frames leave in the order the core
 * produced them whichever thread produced them (Netty would otherwise run a same-thread write at
 * once, ahead of writes other threads queued earlier).
 *
 * <p>The queue is bounded by the channel's write-buffer high-water mark: a client that stops
 * reading until that much is pending is disconnected with 1008 rather than held in memory.
 */
final class ChannelOutbox implements Outbox {
    /** How long a slow client's close frame may wait for it before the socket is closed anyway. */
    static final long CLOSE_GRACE_MILLIS = 1_000;
    /** Close code (private range) for a connection whose session another connection resumed: do not reconnect. */
    static final WebSocketCloseStatus REPLACED = new WebSocketCloseStatus(4001, "Session resumed elsewhere");

    private final Channel channel;

    /** Whether a flush is already queued behind the pending writes. Event-loop confined. */
    private boolean flushQueued;
    /** Set once the client is over the limit: what is still queued behind it is dropped. Event-loop confined. */
    private boolean closing;

    ChannelOutbox(Channel channel) {
        this.channel = channel;
    }

    @Override
    public void deliver(ServerFrame frame) {
        if (!channel.isActive()) return;
        String json = ServerFrameCodec.encode(frame);
        channel.eventLoop().execute(() -> write(json));
    }

    @Override
    public void closeForPolicy(String reason) {
        channel.eventLoop().execute(() -> {
            if (!closing && channel.isActive()) close(reason);
        });
    }

    @Override
    public void closeReplaced() {
        channel.eventLoop().execute(() -> {
            if (closing || !channel.isActive()) return;
            closing = true;
            channel.writeAndFlush(new CloseWebSocketFrame(REPLACED, "session taken over by a new connection"))
                    .addListener(ChannelFutureListener.CLOSE);
        });
    }

    /**
     * 1008 with this reason, once. The close frame waits behind everything unsent, which a client
     * that is not reading may never take: the socket closes anyway after a short grace.
     */
    private void close(String reason) {
        closing = true;
        channel.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.POLICY_VIOLATION, reason))
                .addListener(ChannelFutureListener.CLOSE);
        channel.eventLoop().schedule(() -> channel.close(), CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void write(String json) {
        if (closing || !channel.isActive()) return;
        if (!channel.isWritable()) channel.flush(); // unflushed writes count too; see what the socket takes
        if (!channel.isWritable()) {
            close("client is not reading; too many messages waiting");
            return;
        }
        channel.write(new TextWebSocketFrame(json));
        if (!flushQueued) {
            flushQueued = true;
            channel.eventLoop().execute(() -> {
                flushQueued = false;
                channel.flush();
            });
        }
    }
}
