package dev.parley.server.net;

import dev.parley.protocol.ClientFrameCodec;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ProtocolException;
import dev.parley.core.Hub;
import dev.parley.core.Session;
import dev.parley.turn.policy.SourceKey;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler.HandshakeComplete;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection as one Parley session: decodes text frames and hands them to the hub.
 * Netty runs all of a channel's events on its event loop one at a time, which is the ordering the
 * {@link Hub} asks of its transport.
 */
final class SessionHandler extends SimpleChannelInboundHandler<Object> {
    private static final Logger log = LoggerFactory.getLogger(SessionHandler.class);

    private final Hub hub;
    private final int maxFrameBytes;
    private final Connections connections;
    private final ConnectionGuards guards;
    private final OwnNames names;
    /** The handler's own threads (see SignalingChannelInitializer), or null for the event loop. */
    private final EventExecutorGroup threads;
    /** Set on handshake, replaced when a hello resumes another session; confined to this handler's executor. */
    private Session session;
    /** The client said goodbye with a close frame. Confined to this handler's executor. */
    private boolean closedByClient;
    /** The client broke the WebSocket protocol (Netty's decoder closes with 1002 or 1009). Confined to this handler's executor. */
    private boolean violatedProtocol;

    SessionHandler(Hub hub, int maxFrameBytes, Connections connections, ConnectionGuards guards, OwnNames names) {
        this(hub, maxFrameBytes, connections, guards, names, null);
    }

    SessionHandler(Hub hub, int maxFrameBytes, Connections connections, ConnectionGuards guards, OwnNames names,
                   EventExecutorGroup threads) {
        this.threads = threads;
        this.guards = guards;
        this.names = names;
        this.hub = hub;
        this.maxFrameBytes = maxFrameBytes;
        this.connections = connections;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof HandshakeComplete handshake) {
            connections.upgraded(ctx.channel());
            var remote = (java.net.InetSocketAddress) ctx.channel().remoteAddress();
            for (String name : SignalingChannelInitializer.HTTP_ONLY) {
                if (ctx.pipeline().get(name) != null) ctx.pipeline().remove(name); // less to pass through, less to keep
            }
            ctx.pipeline().addFirst("heartbeat", new Heartbeat(guards.heartbeat().toMillis()));
            ctx.pipeline().addBefore(threads, "websocket", "pings", new Pings()); // on the session's thread: it spends the session's budget
            // Only a host of this server's own goes into the TURN URLs of welcome; others get its address.
            String host = names.ownOrNull(HostHeader.hostOf(handshake.requestHeaders().get(HttpHeaderNames.HOST)),
                    ctx.channel().localAddress());
            // The hub counts the session last thing in open, and until the session ends, which may be a
            // while after this connection (resume grace). Over the limits the connection may only resume
            // a session counted already; else its hello is answered with 1013 and the slot's reason.
            session = hub.open(new ChannelOutbox(ctx.channel()), String.valueOf(remote), host,
                    SourceKey.of(remote.getAddress()), connections.slot(remote.getAddress(), guards));
        }
        super.userEventTriggered(ctx, event);
    }

    /**
     * Sits before Netty's WebSocket protocol handler, which answers every ping with a pong: a ping
     * spends the session's message budget like a message, and past it goes unanswered (and a flood
     * of them closes the session as any flood does).
     */
    private final class Pings extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            if (message instanceof PingWebSocketFrame ping && session != null
                    && (CloseWatch.serverCloseCode(ctx.channel()) != null || !hub.ping(session))) {
                ping.release();
                return;
            }
            ctx.fireChannelRead(message);
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object message) {
        if (session == null) return;
        // After the server's close frame only the client's answering close matters.
        if (CloseWatch.serverCloseCode(ctx.channel()) != null && !(message instanceof CloseWebSocketFrame)) return;
        switch (message) {
            case TextFrames.Text text -> {
                try {
                    session = hub.handle(session, ClientFrameCodec.decode(text.utf8(), 0, text.utf8().length));
                } catch (ProtocolException e) {
                    hub.reject(session, e);
                }
            }
            case CloseWebSocketFrame close when !mayBeSent(close.statusCode()) -> {
                violatedProtocol = true;
                ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.PROTOCOL_ERROR,
                        "close code " + close.statusCode() + " may not be sent")).addListener(ChannelFutureListener.CLOSE);
            }
            case CloseWebSocketFrame close -> {
                // A close the client started is a goodbye; one answering ours is not.
                closedByClient = CloseWatch.serverCloseCode(ctx.channel()) == null;
                ctx.writeAndFlush(new CloseWebSocketFrame(close.statusCode(), "")).addListener(ChannelFutureListener.CLOSE);
            }
            case WebSocketFrame other ->
                    hub.reject(session, new ProtocolException(ErrorCode.UNSUPPORTED_FRAME, "only text frames carry Parley messages"));
            default -> ctx.fireChannelRead(io.netty.util.ReferenceCountUtil.retain(message));
        }
    }

    /**
     * Close codes an endpoint may put in a close frame (RFC 6455 7.4, IANA registry): none at all
     * (-1), the defined 1000-1003 and 1007-1014, and 3000-4999 for libraries and applications. 1005,
     * 1006 and 1015 only report a missing code or a lost connection, 1004 and 1016-2999 are reserved.
     */
    static boolean mayBeSent(int code) {
        return code == -1 || (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (session != null) {
            if (ended(ctx)) hub.close(session);
            else hub.disconnect(session);
        }
        super.channelInactive(ctx);
    }

    /**
     * Whether the session ends with its connection: the client said goodbye, or the server closed
     * it for what the client did (policy, oversize). Anything else is a lost connection, which the
     * session may survive: a dead network, a newer connection taking the session over, or a
     * shutdown (whose peers must not be told to tear down calls that will outlive the server).
     */
    private boolean ended(ChannelHandlerContext ctx) {
        Integer serverCode = CloseWatch.serverCloseCode(ctx.channel());
        return closedByClient || violatedProtocol || (serverCode != null && serverCode != ChannelOutbox.REPLACED.code()
                && serverCode != WebSocketCloseStatus.SERVICE_RESTART.code());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        violatedProtocol = cause instanceof TooLongFrameException || cause instanceof CorruptedWebSocketFrameException;
        if (cause instanceof TooLongFrameException) {
            // A fragmented message over the limit; single oversized frames are closed by Netty's decoder.
            ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.MESSAGE_TOO_BIG,
                    "message larger than " + maxFrameBytes + " bytes")).addListener(ChannelFutureListener.CLOSE);
        } else if (cause instanceof CorruptedWebSocketFrameException e) {
            // Oversize frames (1009), bad framing or a close code no client may send (1002), and so on.
            log.debug("session {}: {}", session, cause.toString());
            WebSocketCloseStatus status = e.closeStatus() != null ? e.closeStatus() : WebSocketCloseStatus.PROTOCOL_ERROR;
            String reason = String.valueOf(e.getMessage());
            reason = reason.length() > 100 ? reason.substring(0, 100) : reason; // a close reason holds 123 bytes
            ctx.writeAndFlush(new CloseWebSocketFrame(status, reason)).addListener(ChannelFutureListener.CLOSE);
        } else if (cause instanceof IOException) {
            log.debug("session {}: {}", session, cause.toString());
            ctx.close();
        } else {
            log.warn("session {}: closing after unexpected error", session, cause);
            ctx.close();
        }
    }
}
