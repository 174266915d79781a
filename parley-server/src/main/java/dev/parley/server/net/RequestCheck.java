package dev.parley.server.net;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;

/**
 * Answers requests the HTTP codec could not take, each with its own status, before anything else
 * looks at them: a request line over the limit is 414, headers over it 431, anything else malformed
 * 400, and an HTTP version other than 1.x 505. The connection then closes (the codec has given up on
 * its byte stream).
 */
final class RequestCheck extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest request) {
            HttpResponseStatus refusal = refusal(request);
            if (refusal != null) {
                ReferenceCountUtil.release(msg);
                var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, refusal,
                        Unpooled.copiedBuffer(refusal.reasonPhrase() + "\n", StandardCharsets.UTF_8));
                response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                        .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
                HttpUtil.setKeepAlive(response, false);
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    static HttpResponseStatus refusal(FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            return switch (request.decoderResult().cause()) {
                case TooLongHttpLineException e -> HttpResponseStatus.REQUEST_URI_TOO_LONG;
                case TooLongHttpHeaderException e -> HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
                default -> HttpResponseStatus.BAD_REQUEST;
            };
        }
        HttpVersion v = request.protocolVersion();
        if (!v.protocolName().equals("HTTP") || v.majorVersion() != 1) return HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED;
        return null;
    }
}
