package dev.parley.server.net;

import dev.parley.protocol.ClientFrameCodec;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ProtocolException;
import dev.parley.server.core.Hub;
import dev.parley.server.core.Session;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
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
final class SessionHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    private static final Logger log = LoggerFactory.getLogger(SessionHandler.class);

    private final Hub hub;
    private final int maxFrameBytes;
    private final Connections connections;
    private final ConnectionGuards guards;
    /** Set on handshake; event-loop confined. */
    private Session session;

    SessionHandler(Hub hub, int maxFrameBytes, Connections connections, ConnectionGuards guards) {
        this.guards = guards;
        this.hub = hub;
        this.maxFrameBytes = maxFrameBytes;
        this.connections = connections;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof HandshakeComplete handshake) {
            connections.upgraded(ctx.channel());
            var remote = (java.net.InetSocketAddress) ctx.channel().remoteAddress();
            if (!connections.admit(ctx.channel(), remote.getAddress(), guards.maxSessionsPerAddress())) {
                ctx.writeAndFlush(new io.netty.handler.codec.http.websocketx.CloseWebSocketFrame(
                        io.netty.handler.codec.http.websocketx.WebSocketCloseStatus.TRY_AGAIN_LATER,
                        "too many connections from your address")).addListener(io.netty.channel.ChannelFutureListener.CLOSE);
                return;
            }
            ctx.pipeline().addFirst("heartbeat", new Heartbeat(guards.heartbeat().toMillis()));
            session = hub.open(new ChannelOutbox(ctx.channel()), String.valueOf(ctx.channel().remoteAddress()),
                    HostHeader.hostOf(handshake.requestHeaders().get(HttpHeaderNames.HOST)));
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (session == null) return;
        if (!(frame instanceof TextWebSocketFrame text)) {
            hub.reject(session, new ProtocolException(ErrorCode.UNSUPPORTED_FRAME, "only text frames carry Parley messages"));
            return;
        }
        try {
            hub.handle(session, ClientFrameCodec.decode(text.text()));
        } catch (ProtocolException e) {
            hub.reject(session, e);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (session != null) hub.close(session);
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            // A fragmented message over the limit; single oversized frames are closed by Netty's decoder.
            ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.MESSAGE_TOO_BIG,
                    "message larger than " + maxFrameBytes + " bytes")).addListener(ChannelFutureListener.CLOSE);
        } else if (cause instanceof CorruptedWebSocketFrameException || cause instanceof IOException) {
            log.debug("session {}: {}", session, cause.toString());
            ctx.close();
        } else {
            log.warn("session {}: closing after unexpected error", session, cause);
            ctx.close();
        }
    }
}
