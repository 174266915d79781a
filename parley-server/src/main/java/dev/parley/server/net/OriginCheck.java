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
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Refuses WebSocket upgrades from other sites' pages (cross-site WebSocket hijacking): a browser
 * always sends Origin, and it must be this server's own (same host and port as the request's Host)
 * or one the operator allowed. Requests without Origin come from non-browser clients and pass.
 */
final class OriginCheck extends ChannelInboundHandlerAdapter {
    private final List<String> allowed;

    OriginCheck(List<String> allowed) {
        this.allowed = allowed.stream().map(o -> o.toLowerCase(Locale.ROOT)).toList();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest request
                && new QueryStringDecoder(request.uri()).path().equals(SignalingChannelInitializer.WEBSOCKET_PATH)
                && !permitted(request.headers().get(HttpHeaderNames.ORIGIN), request.headers().get(HttpHeaderNames.HOST))) {
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

    boolean permitted(String origin, String host) {
        if (origin == null) return true;
        String o = origin.toLowerCase(Locale.ROOT);
        if (allowed.contains("*") || allowed.contains(o)) return true;
        int scheme = o.indexOf("://");
        return host != null && scheme > 0 && o.substring(scheme + 3).equals(host.toLowerCase(Locale.ROOT));
    }
}
