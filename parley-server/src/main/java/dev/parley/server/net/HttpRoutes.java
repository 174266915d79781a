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
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import dev.parley.server.turn.TurnIceServers;
import java.util.function.IntSupplier;

/**
 * Plain HTTP requests that are not a WebSocket upgrade: the web app (with {@code /r/<room>} links
 * opening it straight into a room), its files, {@code /api/info}, {@code /api/ice}, {@code /healthz},
 * {@code /readyz} and {@code /metrics}.
 */
final class HttpRoutes extends SimpleChannelInboundHandler<FullHttpRequest> {
    /** The app talks only to its own origin; media may come from the camera (blob:) too. */
    /** The network test page a person is sent to when calls fail (app/test.html). */
    static final String TEST_PAGE = "/test";
    private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; connect-src 'self' ws: wss:; "
            + "img-src 'self' data: blob:; media-src 'self' blob: mediastream:; object-src 'none'; base-uri 'none'; "
            + "frame-ancestors 'none'";

    private final StaticFiles files;
    private final IntSupplier httpsPort;
    private final TurnIceServers ice;
    private final HttpEndpoints endpoints;
    private final OwnNames names;
    private final MetricsGate metricsGate;
    /** Whether this is the HTTPS listener. */
    private final boolean tls;

    /** {@code ice} is null when no TURN server is configured. */
    HttpRoutes(StaticFiles files, IntSupplier httpsPort, TurnIceServers ice, HttpEndpoints endpoints, OwnNames names,
            MetricsGate metricsGate, boolean tls) {
        this.endpoints = endpoints;
        this.names = names;
        this.metricsGate = metricsGate;
        this.tls = tls;
        this.files = files;
        this.httpsPort = httpsPort;
        this.ice = ice;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            respond(ctx, request, text(HttpResponseStatus.BAD_REQUEST, "malformed HTTP request\n"), true);
            return;
        }
        boolean read = request.method().equals(HttpMethod.GET) || request.method().equals(HttpMethod.HEAD);
        if (!read) {
            FullHttpResponse r = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "use GET\n");
            r.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            respond(ctx, request, r, false);
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String path = uri.path();
        FullHttpResponse response = switch (path) {
            case "/healthz" -> text(HttpResponseStatus.OK, "ok\n");
            case "/readyz" -> readiness();
            case "/metrics" -> metrics(ctx, request);
            case "/api/info" -> json("{\"httpsPort\":" + httpsPort.getAsInt() + "}");
            case "/api/ice" -> ice(ctx, request);
            default -> page(request, path);
        };
        respond(ctx, request, response, false);
    }

    private FullHttpResponse readiness() {
        String why = endpoints.notReady().get();
        return why == null ? text(HttpResponseStatus.OK, "ready\n") : text(HttpResponseStatus.SERVICE_UNAVAILABLE, why + "\n");
    }

    private FullHttpResponse metrics(ChannelHandlerContext ctx, FullHttpRequest request) {
        return switch (metricsGate.check(ctx.channel(), tls, request.headers())) {
            case ALLOWED -> body(HttpResponseStatus.OK, dev.parley.server.metrics.Metrics.CONTENT_TYPE, endpoints.metrics().get());
            case NO_TOKEN -> metricsGate.token() == null
                    ? text(HttpResponseStatus.FORBIDDEN, "metrics are served over plain HTTP to this machine only, or with --metrics-token\n")
                    : bearerChallenge("send the metrics token: Authorization: Bearer <token>\n");
            case WRONG_TOKEN -> bearerChallenge("wrong metrics token\n");
        };
    }

    private static FullHttpResponse bearerChallenge(String message) {
        FullHttpResponse r = text(HttpResponseStatus.UNAUTHORIZED, message);
        r.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
        return r;
    }

    /**
     * TURN REST API draft: {@code GET /api/ice} → {@code {username, password, ttl, uris}}. The draft's
     * {@code ?username=} is ignored: the name is whose TURN quota the credentials use, so it is never the
     * caller's to choose (open access: a fresh random one; token access: the token's holder).
     */
    private FullHttpResponse ice(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (ice == null) return text(HttpResponseStatus.NOT_FOUND, "no TURN server is configured\n");
        String user = IceJson.openUser();
        if (endpoints.access() != dev.parley.core.Access.OPEN) {
            user = bearerUser(request);
            if (user == null) return bearerChallenge("send a Parley access token: Authorization: Bearer <token>\n");
        }
        String host = names.ownOrNull(HostHeader.hostOf(request.headers().get(HttpHeaderNames.HOST)), ctx.channel().localAddress());
        return json(IceJson.grant(ice.grant(user, host)));
    }

    /** The TURN user name of a valid bearer token's holder, or null. */
    private String bearerUser(FullHttpRequest request) {
        String token = Bearer.token(request.headers());
        if (token == null) return null;
        try {
            dev.parley.protocol.FieldRules.requireToken(token);
            return IceJson.tokenUser(endpoints.access().admit(null, token).name(), token);
        } catch (dev.parley.protocol.ProtocolException e) {
            return null;
        }
    }

    /**
     * A page or file: the operator's own ({@code --web-root}) where it has one, which hides a built-in
     * file of the same name but never {@code /r/<room>} or the network test; else the built-in app's.
     */
    private FullHttpResponse page(FullHttpRequest request, String path) {
        WebRoot site = endpoints.webRoot();
        if (site != null && !path.startsWith("/r/") && !path.equals(TEST_PAGE)) {
            WebRoot.File own = site.get(path.endsWith("/") ? path + "index.html" : path);
            // The operator's pages are theirs: inline scripts and other sites' resources allowed (no CSP).
            if (own != null) return file(request, own.body(), own.contentType(), own.etag(), false);
        }
        StaticFiles.File f = files.get(path.equals("/") || path.startsWith("/r/") ? "/index.html" : path.equals(TEST_PAGE) ? "/test.html" : path);
        if (f == null) return text(HttpResponseStatus.NOT_FOUND, "not found\n");
        return file(request, f.body(), f.contentType(), f.etag(), true);
    }

    private static FullHttpResponse file(FullHttpRequest request, byte[] body, String contentType, String etag, boolean builtIn) {
        boolean fresh = etag.equals(request.headers().get(HttpHeaderNames.IF_NONE_MATCH));
        var response = new DefaultFullHttpResponse(request.protocolVersion(),
                fresh ? HttpResponseStatus.NOT_MODIFIED : HttpResponseStatus.OK,
                fresh ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .set(HttpHeaderNames.ETAG, etag)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE);
        if (builtIn && contentType.startsWith("text/html")) {
            response.headers()
                    .set("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                    .set("Referrer-Policy", "no-referrer")
                    .set("Permissions-Policy", "camera=(self), microphone=(self), display-capture=(self)");
        }
        return response;
    }

    private static FullHttpResponse text(HttpResponseStatus status, String body) {
        return body(status, "text/plain; charset=utf-8", body);
    }

    private static FullHttpResponse json(String body) {
        return body(HttpResponseStatus.OK, "application/json", body);
    }

    private static FullHttpResponse body(HttpResponseStatus status, String type, String body) {
        var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(body.getBytes(StandardCharsets.UTF_8)));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, type).set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        return response;
    }

    private static void respond(ChannelHandlerContext ctx, FullHttpRequest request, FullHttpResponse response, boolean close) {
        HttpHeaders h = response.headers();
        h.setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        h.set("X-Content-Type-Options", "nosniff");
        // RFC 9110 §6.6.1: a server with a clock says what time it is (parley doctor compares clocks with it).
        h.set(HttpHeaderNames.DATE, io.netty.handler.codec.DateFormatter.format(new java.util.Date()));
        if (request.method().equals(HttpMethod.HEAD)) response.content().clear();
        if (close) {
            HttpUtil.setKeepAlive(response, false);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.writeAndFlush(response);
        }
    }
}
