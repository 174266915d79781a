package dev.parley.server.net;

import dev.parley.protocol.ServerFrame;
import dev.parley.protocol.ServerFrameCodec;
import dev.parley.core.Outbox;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.channel.socket.DuplexChannel;
import io.netty.buffer.Unpooled;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A session's outgoing frames. JSON is encoded on the calling thread into a queue; the channel's
 * event loop drains it, writing everything waiting and flushing once. So frames leave in the order
 * the core produced them whichever thread produced them (a write made directly from the event
 * loop would otherwise overtake writes other threads queued earlier), and a burst costs one task
 * and one flush, not one per frame.
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
    /**
     * Encoded frames waiting for the event loop; many producers, the loop consumes. A linked queue
     * costs an idle session almost nothing; an array-backed MPSC queue cost 0.6-4 KiB each, most of
     * an idle session's memory (measured with a class histogram, bench/signaling).
     */
    private final Queue<byte[]> pending = new ConcurrentLinkedQueue<>();
    /** Whether a drain is queued on the event loop (set by whoever queues it, cleared by the drain). */
    private final AtomicBoolean drainQueued = new AtomicBoolean();
    private final Runnable drain = this::drain;

    /** Set once the client is over the limit: what is still queued behind it is dropped. Event-loop confined. */
    private boolean closing;

    ChannelOutbox(Channel channel) {
        this.channel = channel;
    }

    @Override
    public void deliver(ServerFrame frame) {
        if (!channel.isActive()) return;
        deliverText(ServerFrameCodec.encodeUtf8(frame));
    }

    /** Queues one text message already encoded (a dialect's translation), in order with frames; any thread. */
    void deliverText(byte[] utf8) {
        if (!channel.isActive()) return;
        pending.offer(utf8);
        if (drainQueued.compareAndSet(false, true)) channel.eventLoop().execute(drain);
    }

    private void drain() {
        drainQueued.set(false); // before polling: a frame queued from now on queues another drain
        boolean wrote = false;
        for (byte[] json; (json = pending.poll()) != null; ) wrote |= write(json);
        if (wrote) channel.flush();
    }

    @Override
    public void closeForPolicy(String reason) {
        closeLater(WebSocketCloseStatus.POLICY_VIOLATION, reason);
    }

    @Override
    public void closeReplaced() {
        closeLater(REPLACED, "session taken over by a new connection");
    }

    @Override
    public void closeTryAgainLater(String reason) {
        closeLater(WebSocketCloseStatus.TRY_AGAIN_LATER, reason);
    }

    void closeLater(WebSocketCloseStatus status, String reason) {
        channel.eventLoop().execute(() -> {
            if (!closing && channel.isActive()) close(status, reason);
        });
    }

    /**
     * Closes with this status and reason, once. The close frame waits behind everything unsent,
     * which a client that is not reading may never take: the socket closes anyway after a short grace.
     * Once the frame is out only our side is shut: closing the socket while a client still sends (a
     * flood) answers its data with a reset, which can discard the close frame before the client reads
     * it. The client's own close, or the grace, closes the rest.
     */
    private void close(WebSocketCloseStatus status, String reason) {
        closing = true;
        channel.writeAndFlush(new CloseWebSocketFrame(status, reason)).addListener(f -> {
            if (f.isSuccess() && channel instanceof DuplexChannel duplex) duplex.shutdownOutput();
            else channel.close();
        });
        channel.eventLoop().schedule(() -> channel.close(), CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Writes one frame unless the client is over its limit; true if written. */
    private boolean write(byte[] json) {
        if (closing || !channel.isActive()) return false;
        if (!channel.isWritable()) channel.flush(); // unflushed writes count too; see what the socket takes
        if (!channel.isWritable()) {
            close(WebSocketCloseStatus.POLICY_VIOLATION, "client is not reading; too many messages waiting");
            return false;
        }
        channel.write(new TextWebSocketFrame(Unpooled.wrappedBuffer(json)));
        return true;
    }
}
