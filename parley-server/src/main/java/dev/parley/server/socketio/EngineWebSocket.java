package dev.parley.server.socketio;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket of an Engine.IO session (its transport, or a probe for an upgrade): each whole
 * text message is one packet, handed to the session's executor in order. Binary messages, text that
 * is not UTF-8 and messages over the payload limit end the WebSocket (and a session on it).
 * Event-loop confined.
 */
final class EngineWebSocket extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(EngineWebSocket.class);

    private final SocketIoServer server;
    private final EngineSession session;

    EngineWebSocket(SocketIoServer server, EngineSession session) {
        this.server = server;
        this.session = session;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Channel channel = ctx.channel();
        try {
            switch (msg) {
                case TextWebSocketFrame text -> {
                    String packet = utf8(text.content());
                    if (packet == null) refused(channel, "text is not valid UTF-8", WebSocketCloseStatus.INVALID_PAYLOAD_DATA);
                    else session.execute(() -> session.onWebSocketText(channel, packet));
                }
                case BinaryWebSocketFrame binary -> {
                    server.stats().refuse(SocketIoStats.Refusal.BINARY);
                    refused(channel, "binary data is not supported", WebSocketCloseStatus.INVALID_MESSAGE_TYPE);
                }
                case PingWebSocketFrame ping -> {
                    ByteBuf content = ping.content().retain();
                    if (!session.execute(() -> session.onWebSocketPing(channel, content))) content.release();
                }
                case CloseWebSocketFrame close -> {
                    int code = close.statusCode();
                    boolean sendable = code == -1 || (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014)
                            || (code >= 3000 && code <= 4999);
                    ctx.writeAndFlush(sendable && code != -1 ? new CloseWebSocketFrame(code, "") : new CloseWebSocketFrame(
                            sendable ? WebSocketCloseStatus.NORMAL_CLOSURE : WebSocketCloseStatus.PROTOCOL_ERROR))
                            .addListener(ChannelFutureListener.CLOSE);
                }
                default -> { } // pongs; continuations arrive aggregated
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void refused(Channel channel, String why, WebSocketCloseStatus status) {
        log.debug("socket.io session {}: {}", session, why);
        if (!session.execute(() -> session.onWebSocketRefused(channel, why, status))) channel.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        Channel channel = ctx.channel();
        session.execute(() -> session.webSocketClosed(channel));
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException || cause instanceof CorruptedWebSocketFrameException) {
            // Over the payload limit (whole or in fragments), or broken framing: Netty's decoder has sent
            // its close frame for the latter; the former is closed here.
            if (cause instanceof TooLongFrameException || ((CorruptedWebSocketFrameException) cause).closeStatus()
                    == WebSocketCloseStatus.MESSAGE_TOO_BIG) {
                server.stats().refuse(SocketIoStats.Refusal.OVERSIZE);
            }
            refused(ctx.channel(), cause.getMessage() == null ? "broken WebSocket frame" : cause.getMessage(),
                    cause instanceof CorruptedWebSocketFrameException e && e.closeStatus() != null
                            ? e.closeStatus() : WebSocketCloseStatus.MESSAGE_TOO_BIG);
        } else if (cause instanceof IOException) {
            log.debug("socket.io session {}: {}", session, cause.toString());
            ctx.close();
        } else {
            log.warn("socket.io session {}: closing after unexpected error", session, cause);
            ctx.close();
        }
    }

    private static String utf8(ByteBuf content) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(content.nioBuffer()).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
