package dev.parley.server.net;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;

/** Plain HTTP requests that are not a WebSocket upgrade: health and a pointer to the endpoint. */
final class HttpRoutes extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final String INDEX = """
            Parley signaling server.
            WebSocket endpoint: %s (protocol v1, see docs/protocol.md)
            Health: /healthz
            """.formatted(SignalingChannelInitializer.WEBSOCKET_PATH);

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            respond(ctx, request, HttpResponseStatus.BAD_REQUEST, "malformed HTTP request\n", true);
            return;
        }
        String path = new QueryStringDecoder(request.uri()).path();
        boolean read = request.method().equals(HttpMethod.GET) || request.method().equals(HttpMethod.HEAD);
        switch (path) {
            case "/healthz", "/" -> {
                if (!read) respond(ctx, request, HttpResponseStatus.METHOD_NOT_ALLOWED, "use GET\n", false);
                else respond(ctx, request, HttpResponseStatus.OK, path.equals("/") ? INDEX : "ok\n", false);
            }
            default -> respond(ctx, request, HttpResponseStatus.NOT_FOUND, "not found\n", false);
        }
    }

    private static void respond(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status,
                                String body, boolean close) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        boolean head = request.method().equals(HttpMethod.HEAD);
        FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(), status,
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE)
                .set("X-Content-Type-Options", "nosniff");
        if (status.equals(HttpResponseStatus.METHOD_NOT_ALLOWED)) response.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
        if (close) {
            HttpUtil.setKeepAlive(response, false);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.writeAndFlush(response);
        }
    }
}
