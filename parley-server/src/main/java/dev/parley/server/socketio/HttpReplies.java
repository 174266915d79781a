package dev.parley.server.socketio;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** The HTTP responses of the endpoint, with Engine.IO's content types and error bodies. */
final class HttpReplies {
    /** Engine.IO's error codes ({@code Server.errors}), sent as {@code {"code":N,"message":"..."}}. */
    static final int UNKNOWN_TRANSPORT = 0;
    static final int UNKNOWN_SID = 1;
    static final int BAD_HANDSHAKE_METHOD = 2;
    static final int BAD_REQUEST = 3;
    static final int FORBIDDEN = 4;
    static final int UNSUPPORTED_PROTOCOL_VERSION = 5;

    private HttpReplies() {}

    /**
     * Where a response goes and how: the connection, and the Origin to allow when the request came
     * from a page of an allowed origin (null: no CORS headers).
     */
    record Exchange(Channel channel, String corsOrigin) {}

    /** A polling GET's answer: the encoded packets as plain text. */
    static void packets(Exchange x, String payload) {
        send(x, response(HttpResponseStatus.OK, "text/plain; charset=UTF-8", payload), false);
    }

    /** A POST's answer; text/html as Engine.IO sends it (text/plain made some browsers offer a download). */
    static void ok(Exchange x) {
        send(x, response(HttpResponseStatus.OK, "text/html", "ok"), false);
    }

    /** An Engine.IO error: 400 (403 for FORBIDDEN) with its JSON body. */
    static void error(Exchange x, int code, String message) {
        error(x, code == FORBIDDEN ? HttpResponseStatus.FORBIDDEN : HttpResponseStatus.BAD_REQUEST, code, message);
    }

    static void error(Exchange x, HttpResponseStatus status, int code, String message) {
        var body = new StringBuilder("{\"code\":").append(code).append(",\"message\":\"");
        com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(message, body);
        send(x, response(status, "application/json", body.append("\"}").toString()), false);
    }

    static FullHttpResponse response(HttpResponseStatus status, String contentType, String body) {
        var r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body.getBytes(StandardCharsets.UTF_8)));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType).set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        return r;
    }

    /** Sends {@code r} with its length and CORS headers; {@code close}: and closes the connection after it. */
    static void send(Exchange x, FullHttpResponse r, boolean close) {
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes()).set("X-Content-Type-Options", "nosniff");
        cors(r, x.corsOrigin());
        if (close) {
            HttpUtil.setKeepAlive(r, false);
            x.channel().writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
        } else {
            x.channel().writeAndFlush(r);
        }
    }

    /** What the {@code cors} middleware of a socket.io server set up with this origin and credentials sends. */
    static void cors(FullHttpResponse r, String origin) {
        if (origin == null) return;
        r.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin)
                .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true")
                .set(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN);
    }
}
