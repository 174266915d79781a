package dev.parley.server.dialect;

import dev.parley.core.Hub;
import dev.parley.server.net.ConnectionGuards;
import dev.parley.server.net.Connections;
import dev.parley.server.net.OwnNames;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler.HandshakeComplete;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutorGroup;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Seed 003's endpoint, {@code /webrtc/{username}[?token=…]}, on Parley's own ports. Sits after the
 * origin check (which covers this path as it does {@code /ws}) and before Parley's WebSocket
 * handler: a WebSocket upgrade for this path is answered here, with the same frame limits, and the
 * connection's {@code session} handler becomes a {@link Seed003Socket} for the page; any other
 * request (such as {@code GET /webrtc/zs.html} for the page itself) goes on untouched.
 *
 * <p>{@code username} is the rest of the path, percent-decoded as UTF-8 (a page's name may be
 * Chinese); Parley's name rules are applied by the dialect, which closes with a reason when they
 * fail. In token mode ({@code --auth token}) the page cannot add a token to its messages, so it
 * comes as {@code ?token=} on the URL.
 */
public final class Seed003Upgrade extends ChannelInboundHandlerAdapter {
    public static final String PATH_PREFIX = "/webrtc/";
    private static final String HANDSHAKE_HANDLER = "io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandshakeHandler";

    private final Hub hub;
    private final int maxFrameBytes;
    private final Connections connections;
    private final ConnectionGuards guards;
    private final OwnNames names;
    private final EventExecutorGroup threads;

    /** As SignalingChannelInitializer has them; {@code threads} is where sessions run (null: the event loop). */
    public Seed003Upgrade(Hub hub, int maxFrameBytes, Connections connections, ConnectionGuards guards, OwnNames names,
                          EventExecutorGroup threads) {
        this.hub = hub;
        this.maxFrameBytes = maxFrameBytes;
        this.connections = connections;
        this.guards = guards;
        this.names = names;
        this.threads = threads;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request) || !isUpgrade(request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            upgrade(ctx, request);
        } finally {
            ReferenceCountUtil.release(request);
        }
    }

    private static boolean isUpgrade(FullHttpRequest request) {
        return request.decoderResult().isSuccess() && HttpMethod.GET.equals(request.method())
                && request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)
                && new QueryStringDecoder(request.uri()).rawPath().startsWith(PATH_PREFIX);
    }

    private void upgrade(ChannelHandlerContext ctx, FullHttpRequest request) {
        var uri = new QueryStringDecoder(request.uri());
        String name = userName(uri.rawPath());
        List<String> tokens = uri.parameters().get("token");
        String token = tokens == null || tokens.isEmpty() ? null : tokens.get(0);
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(
                "ws://" + request.headers().get(HttpHeaderNames.HOST) + uri.rawPath(), null,
                WebSocketDecoderConfig.newBuilder().maxFramePayloadLength(maxFrameBytes)
                        .withUTF8Validator(false) // TextFrames checks whole messages, as for /ws
                        .closeOnProtocolViolation(false).build())
                .newHandshaker(request);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return;
        }
        // In place before the handshake, so no frame can reach Parley's own session handler.
        ctx.pipeline().replace("session", "session",
                new Seed003Socket(hub, name, token, maxFrameBytes, connections, guards, names, threads));
        ctx.pipeline().remove(this);
        removeParleyHandshake(ctx.pipeline());
        var complete = new HandshakeComplete(request.uri(), request.headers().copy(), null);
        try {
            handshaker.handshake(ctx.channel(), request).addListener(f -> {
                if (f.isSuccess()) ctx.pipeline().context("websocket").fireUserEventTriggered(complete);
                else ctx.close();
            });
        } catch (WebSocketHandshakeException e) {
            var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_REQUEST,
                    Unpooled.copiedBuffer(e.getMessage() + "\n", StandardCharsets.UTF_8));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
            ctx.channel().writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /**
     * Parley's WebSocket handler put its handshake handler in front of itself, which (as Netty does
     * after its own handshakes) must go: it takes whatever it reads for an HTTP request. Netty names
     * it by its class, which is not public.
     */
    private static void removeParleyHandshake(ChannelPipeline pipeline) {
        for (var entry : pipeline.toMap().entrySet()) {
            if (entry.getValue().getClass().getName().equals(HANDSHAKE_HANDLER)) pipeline.remove(entry.getKey());
        }
    }

    /** The path's last part, percent-decoded as UTF-8 (a '+' stays a '+'); the raw text if it does not decode. */
    static String userName(String rawPath) {
        String raw = rawPath.substring(PATH_PREFIX.length());
        try {
            return QueryStringDecoder.decodeComponent(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return raw;
        }
    }
}
