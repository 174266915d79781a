package dev.parley.server.net;

import dev.parley.core.SessionSlot;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler.HandshakeComplete;
import io.netty.util.concurrent.EventExecutorGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket that carries a seed's dialect instead of Parley's protocol (see
 * {@code dev.parley.server.dialect}), in the pipeline's {@code session} place: the transport half
 * that {@link SessionHandler} is for Parley's own sessions, with the same guards. On the upgrade
 * it drops the HTTP-only handlers, starts the heartbeat, counts the socket for the shutdown close,
 * and puts a handler in front that lets a ping cost the session a message ({@link #ping}); it hands
 * each whole text message (checked to be UTF-8 by {@link TextFrames} in front) to {@link #text},
 * answers close frames (1002 for a code no client may send), closes oversize messages with 1009,
 * and gives the subclass an outbox whose messages leave in order from any thread and whose slow
 * reader is closed with 1008 ({@link ChannelOutbox}). A dialect client has no resume, so whatever
 * ends the connection ends the session ({@link #ended}).
 *
 * <p>Threading: every event and the subclass's hooks run on this handler's executor (the
 * connection's event loop, or a session thread in a cluster), one at a time: the order the hub
 * asks of a session's inbound calls. {@link #send}, the close methods and {@link #execute} may be
 * called from any thread.
 */
public abstract class TextSocketHandler extends SimpleChannelInboundHandler<Object> {
    private static final Logger log = LoggerFactory.getLogger(TextSocketHandler.class);
    /** A close frame's reason holds at most 123 bytes of UTF-8. */
    static final int MAX_CLOSE_REASON_BYTES = 123;

    private final Connections connections;
    private final ConnectionGuards guards;
    private final OwnNames names;
    private final int maxFrameBytes;
    /** The pipeline's session threads (see SignalingChannelInitializer), or null for the event loop. */
    private final EventExecutorGroup threads;

    /** Set on the upgrade; confined to this handler's executor, read by any thread after (volatile). */
    private volatile ChannelOutbox outbox;
    private volatile ChannelHandlerContext context;
    /** The upgrade happened and the subclass opened its session. Confined to this handler's executor. */
    private boolean opened;

    protected TextSocketHandler(Connections connections, ConnectionGuards guards, OwnNames names, int maxFrameBytes,
                                EventExecutorGroup threads) {
        this.connections = connections;
        this.guards = guards;
        this.names = names;
        this.maxFrameBytes = maxFrameBytes;
        this.threads = threads;
    }

    /**
     * What the upgrade knows: the client's address, the host name it reached this server by if it is
     * one of the server's own (else null, for TURN URLs), the request, and the slot that counts the
     * session against the per-address and total session limits.
     */
    public record Upgrade(InetSocketAddress remote, String host, String uri, io.netty.handler.codec.http.HttpHeaders headers,
                          SessionSlot slot) {}

    /** The connection is a WebSocket now: open the session. */
    protected abstract void opened(Upgrade upgrade);

    /** One whole text message from the client. */
    protected abstract void text(String text);

    /** A binary message, which no dialect carries. */
    protected abstract void binary();

    /** A WebSocket ping: whether to answer it (it costs the session a message; past the budget, no). */
    protected abstract boolean ping();

    /** The connection is gone, however: end the session. */
    protected abstract void ended();

    /** Queues one text message for the client; any thread. Dropped once the connection is closing. */
    public final void send(String text) {
        ChannelOutbox out = outbox;
        if (out != null) out.deliverText(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Closes with 1008 and this reason (cut to what a close frame holds) after what is queued; any thread. */
    public final void closeForPolicy(String reason) {
        close(WebSocketCloseStatus.POLICY_VIOLATION, reason);
    }

    /** Closes with 4001 (another connection took this one's place: do not reconnect); any thread. */
    public final void closeReplaced(String reason) {
        close(ChannelOutbox.REPLACED, reason);
    }

    /** Closes with 1013 (try again later); any thread. */
    public final void closeTryAgainLater(String reason) {
        close(WebSocketCloseStatus.TRY_AGAIN_LATER, reason);
    }

    private void close(WebSocketCloseStatus status, String reason) {
        ChannelOutbox out = outbox;
        if (out != null) out.closeLater(status, fit(reason));
    }

    /** Runs the task on this handler's executor, after the events already queued there; any thread. */
    public final void execute(Runnable task) {
        ChannelHandlerContext ctx = context;
        if (ctx != null) ctx.executor().execute(task);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        context = ctx;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof HandshakeComplete handshake && !opened) {
            opened = true;
            connections.upgraded(ctx.channel());
            for (String name : SignalingChannelInitializer.HTTP_ONLY) {
                if (ctx.pipeline().get(name) != null) ctx.pipeline().remove(name);
            }
            ctx.pipeline().addFirst("heartbeat", new Heartbeat(guards.heartbeat().toMillis()));
            ctx.pipeline().addBefore(threads, "websocket", "pings", new Pings());
            var remote = (InetSocketAddress) ctx.channel().remoteAddress();
            String host = names.ownOrNull(HostHeader.hostOf(handshake.requestHeaders().get(HttpHeaderNames.HOST)),
                    ctx.channel().localAddress());
            outbox = new ChannelOutbox(ctx.channel());
            opened(new Upgrade(remote, host, handshake.requestUri(), handshake.requestHeaders(),
                    connections.slot(remote.getAddress(), guards)));
        }
        super.userEventTriggered(ctx, event);
    }

    /** Before Netty's WebSocket handler, which answers every ping: a ping spends the session's budget. */
    private final class Pings extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            if (message instanceof PingWebSocketFrame ping && (CloseWatch.serverCloseCode(ctx.channel()) != null || !ping())) {
                ping.release();
                return;
            }
            ctx.fireChannelRead(message);
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object message) {
        if (!opened) return;
        // After the server's close frame only the client's answering close matters.
        if (CloseWatch.serverCloseCode(ctx.channel()) != null && !(message instanceof CloseWebSocketFrame)) return;
        switch (message) {
            case TextFrames.Text text -> text(new String(text.utf8(), StandardCharsets.UTF_8));
            case CloseWebSocketFrame close when !SessionHandler.mayBeSent(close.statusCode()) ->
                    ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.PROTOCOL_ERROR,
                            "close code " + close.statusCode() + " may not be sent")).addListener(ChannelFutureListener.CLOSE);
            case CloseWebSocketFrame close ->
                    ctx.writeAndFlush(new CloseWebSocketFrame(close.statusCode(), "")).addListener(ChannelFutureListener.CLOSE);
            case WebSocketFrame other -> binary();
            default -> ctx.fireChannelRead(io.netty.util.ReferenceCountUtil.retain(message));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (opened) ended();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            // A fragmented message over the limit; single oversized frames are closed by Netty's decoder.
            ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.MESSAGE_TOO_BIG,
                    "message larger than " + maxFrameBytes + " bytes")).addListener(ChannelFutureListener.CLOSE);
        } else if (cause instanceof CorruptedWebSocketFrameException e) {
            log.debug("dialect socket {}: {}", ctx.channel(), cause.toString());
            WebSocketCloseStatus status = e.closeStatus() != null ? e.closeStatus() : WebSocketCloseStatus.PROTOCOL_ERROR;
            ctx.writeAndFlush(new CloseWebSocketFrame(status, fit(String.valueOf(e.getMessage()))))
                    .addListener(ChannelFutureListener.CLOSE);
        } else if (cause instanceof IOException) {
            log.debug("dialect socket {}: {}", ctx.channel(), cause.toString());
            ctx.close();
        } else {
            log.warn("dialect socket {}: closing after unexpected error", ctx.channel(), cause);
            ctx.close();
        }
    }

    /** The reason cut (at a character boundary, marked with an ellipsis) to what a close frame holds. */
    static String fit(String reason) {
        if (reason.getBytes(StandardCharsets.UTF_8).length <= MAX_CLOSE_REASON_BYTES) return reason;
        var out = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < reason.length(); ) {
            int c = reason.codePointAt(i);
            int size = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
            if (bytes + size > MAX_CLOSE_REASON_BYTES - 3) break; // the ellipsis takes 3
            out.appendCodePoint(c);
            bytes += size;
            i += Character.charCount(c);
        }
        return out.append('…').toString();
    }
}
