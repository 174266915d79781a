package dev.parley.server.net;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.function.IntSupplier;

/**
 * Refuses WebSocket upgrades from other sites' pages (cross-site WebSocket hijacking): a browser
 * always sends Origin, and it must be this server's own or one the operator allowed. Its own means
 * the scheme and port of one of its listeners ({@code http} and the HTTP port, {@code https} and the
 * HTTPS port) and a host that is one of its {@link OwnNames}; the request's Host header has no say, so
 * a page whose DNS name was rebound to this server (Origin = Host = the attacker's name) is refused.
 * Requests without Origin come from non-browser clients and pass.
 */
final class OriginCheck extends ChannelInboundHandlerAdapter {
    private final List<String> allowed;
    private final OwnNames names;
    private final IntSupplier httpPort;
    private final IntSupplier httpsPort;

    /** Ports are the bound ones, -1 for a listener that is off. */
    OriginCheck(List<String> allowed, OwnNames names, IntSupplier httpPort, IntSupplier httpsPort) {
        this.allowed = allowed.stream().map(o -> o.toLowerCase(Locale.ROOT)).toList();
        this.names = names;
        this.httpPort = httpPort;
        this.httpsPort = httpsPort;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest request
                && isWebSocketPath(new QueryStringDecoder(request.uri()).path())
                && !permitted(request.headers().get(HttpHeaderNames.ORIGIN), ctx.channel().localAddress())) {
            ReferenceCountUtil.release(msg);
            var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.FORBIDDEN,
                    Unpooled.copiedBuffer("this origin may not open Parley's WebSocket\n", StandardCharsets.UTF_8));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    /** Parley's own WebSocket, and seed 003's at {@code /webrtc/{username}} (dev.parley.server.dialect). */
    private static boolean isWebSocketPath(String path) {
        return path.equals(SignalingChannelInitializer.WEBSOCKET_PATH) || path.startsWith(dev.parley.server.dialect.Seed003Upgrade.PATH_PREFIX);
    }

    boolean permitted(String origin, SocketAddress local) {
        if (origin == null) return true;
        String o = origin.toLowerCase(Locale.ROOT);
        if (allowed.contains("*") || allowed.contains(o)) return true;
        URI uri;
        try {
            uri = new URI(o);
        } catch (URISyntaxException e) {
            return false;
        }
        if (uri.getRawUserInfo() != null || (uri.getRawPath() != null && !uri.getRawPath().isEmpty()) || uri.getRawQuery() != null) return false;
        int ownPort = switch (uri.getScheme() == null ? "" : uri.getScheme()) {
            case "http" -> httpPort.getAsInt();
            case "https" -> httpsPort.getAsInt();
            default -> -1; // ftp:, file:, the opaque "null" origin
        };
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        return ownPort > 0 && port == ownPort && names.contains(uri.getHost(), local);
    }
}
