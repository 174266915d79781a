package dev.parley.server.socketio;

import dev.parley.server.socketio.SocketIoStats.Refusal;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.net.InetSocketAddress;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The endpoint's HTTP side on one connection: client scripts, CORS preflights, polling handshakes,
 * GET polls and POSTs (handed to their session's executor, which answers them), and WebSocket
 * upgrades (after which this connection's pipeline carries only Engine.IO frames). Requests for
 * other paths pass on to Parley's own handlers. Event-loop confined.
 */
final class EngineHttpHandler extends ChannelDuplexHandler {
    private static final Logger log = LoggerFactory.getLogger(EngineHttpHandler.class);

    private final SocketIoServer server;
    private final Edge edge;
    /** A request of this connection went to a session and is not answered yet. */
    private boolean awaiting;
    /** The session holding this connection's GET, told if the connection closes before the answer. */
    private EngineSession holder;

    EngineHttpHandler(SocketIoServer server, Edge edge) {
        this.server = server;
        this.edge = edge;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        if (!uri.path().startsWith(SocketIoServer.PATH)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (awaiting) {
                // A pipelined request behind one a session still holds could only be answered out of order.
                server.stats().refuse(Refusal.BAD_REQUEST);
                log.debug("socket.io: request pipelined behind an unanswered one from {}; closing", ctx.channel().remoteAddress());
                ctx.close();
                return;
            }
            handle(ctx, request, uri);
        } finally {
            request.release();
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse) {
            awaiting = false;
            holder = null;
        }
        ctx.write(msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        EngineSession s = holder;
        if (s != null) s.execute(() -> s.pollClosed(ctx.channel()));
        super.channelInactive(ctx);
    }

    private void handle(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri) {
        String path = uri.path();
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        if (!path.equals(SocketIoServer.PATH)) {
            server.scripts().serve(ctx, request, path);
            return;
        }
        if (origin != null && !edge.originAllowed(origin, ctx.channel().localAddress())) {
            refuse(ctx, null, Refusal.ORIGIN, HttpReplies.FORBIDDEN, "this origin may not use this server's socket.io endpoint");
            return;
        }
        var x = new HttpReplies.Exchange(ctx.channel(), origin);
        if (request.method().equals(HttpMethod.OPTIONS)) {
            preflight(x, request);
            return;
        }
        Map<String, List<String>> query = uri.parameters();
        String transport = first(query, "transport");
        String eio = first(query, "EIO");
        int version = "3".equals(eio) ? 3 : "4".equals(eio) ? 4 : -1; // the protocol makes EIO mandatory
        if (version < 0) {
            refuse(ctx, x, Refusal.BAD_REQUEST, HttpReplies.UNSUPPORTED_PROTOCOL_VERSION, "Unsupported protocol version");
        } else if (query.containsKey("j")) {
            refuse(ctx, x, Refusal.JSONP, HttpReplies.BAD_REQUEST, "JSONP polling is not supported: use XHR polling or WebSocket");
        } else if (isUpgrade(request)) {
            upgrade(ctx, request, query, version, transport);
        } else if (!"polling".equals(transport)) {
            refuse(ctx, x, Refusal.BAD_REQUEST, "websocket".equals(transport) ? HttpReplies.BAD_REQUEST : HttpReplies.UNKNOWN_TRANSPORT,
                    "websocket".equals(transport) ? "Bad request: not a WebSocket upgrade" : "Transport unknown");
        } else {
            poll(ctx, x, request, query, version);
        }
    }

    private void poll(ChannelHandlerContext ctx, HttpReplies.Exchange x, FullHttpRequest request, Map<String, List<String>> query, int version) {
        boolean get = request.method().equals(HttpMethod.GET);
        boolean post = request.method().equals(HttpMethod.POST);
        String sid = first(query, "sid");
        if (sid == null) {
            if (get) handshake(ctx, x, request, query, version);
            else refuse(ctx, x, Refusal.BAD_REQUEST, HttpReplies.BAD_HANDSHAKE_METHOD, "Bad handshake method");
            return;
        }
        EngineSession s = server.session(sid);
        if (s == null) {
            refuse(ctx, x, Refusal.UNKNOWN_SID, HttpReplies.UNKNOWN_SID, "Session ID unknown");
        } else if (get) {
            hand(ctx, s, () -> s.onPoll(x));
            holder = s;
        } else if (post) {
            String type = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
            String body = type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/octet-stream")
                    ? null : utf8(request.content());
            if (body == null) {
                boolean binary = type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/octet-stream");
                hand(ctx, s, () -> s.onBadPost(x, binary ? "binary payloads are not supported" : "the body is not UTF-8 text", binary));
            } else {
                hand(ctx, s, () -> s.onPost(x, body));
            }
        } else {
            refuse(ctx, x, Refusal.BAD_REQUEST, HttpReplies.BAD_REQUEST, "Bad request: use GET or POST");
        }
    }

    /** Hands a request to its session; the session's answer clears {@link #awaiting}. */
    private void hand(ChannelHandlerContext ctx, EngineSession s, Runnable task) {
        awaiting = true;
        if (!s.execute(task)) ctx.close(); // shutting down
    }

    private void handshake(ChannelHandlerContext ctx, HttpReplies.Exchange x, FullHttpRequest request, Map<String, List<String>> query,
            int version) {
        var remote = (InetSocketAddress) ctx.channel().remoteAddress();
        String refusal = edge.admit(remote.getAddress());
        if (refusal != null) {
            log.debug("socket.io: handshake from {} refused: {}", remote, refusal);
            refuse(ctx, x, Refusal.SESSION_LIMIT, HttpResponseStatus.SERVICE_UNAVAILABLE, HttpReplies.BAD_REQUEST, refusal);
            return;
        }
        EngineSession s = open(ctx, request, query, version, remote);
        if (s == null) {
            refuse(ctx, x, Refusal.SESSION_LIMIT, HttpResponseStatus.SERVICE_UNAVAILABLE, HttpReplies.BAD_REQUEST, "the server is shutting down");
            return;
        }
        hand(ctx, s, () -> s.startPolling(x));
        holder = s;
    }

    private EngineSession open(ChannelHandlerContext ctx, FullHttpRequest request, Map<String, List<String>> query, int version,
            InetSocketAddress remote) {
        String host = edge.ownHost(request.headers().get(HttpHeaderNames.HOST), ctx.channel().localAddress());
        EngineSession s = server.open(ctx.channel(), version, edge, remote, host, Map.copyOf(query));
        if (s == null) edge.release(remote.getAddress());
        return s;
    }

    /**
     * A WebSocket: with a sid it probes an upgrade of that polling session, without one it is a
     * session of its own. A refusal after the handshake closes it with a code and reason a client can
     * see (1013 over the session limits), as on Parley's own WebSocket.
     */
    private void upgrade(ChannelHandlerContext ctx, FullHttpRequest request, Map<String, List<String>> query, int version, String transport) {
        if (!"websocket".equals(transport)) {
            refuse(ctx, null, Refusal.BAD_REQUEST, HttpReplies.BAD_REQUEST, "Bad request: a WebSocket upgrade needs transport=websocket");
            return;
        }
        String sid = first(query, "sid");
        EngineSession s = null;
        String refusal = null;
        var remote = (InetSocketAddress) ctx.channel().remoteAddress();
        if (sid != null) {
            s = server.session(sid);
            if (s == null) {
                refuse(ctx, null, Refusal.UNKNOWN_SID, HttpReplies.UNKNOWN_SID, "Session ID unknown");
                return;
            }
        } else {
            refusal = edge.admit(remote.getAddress());
            if (refusal == null) {
                s = open(ctx, request, query, version, remote);
                if (s == null) refusal = "the server is shutting down";
            }
        }
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(SocketIoServer.PATH, null,
                WebSocketDecoderConfig.newBuilder().maxFramePayloadLength(server.settings().maxPayloadBytes())
                        .withUTF8Validator(false) // messages are checked whole (EngineWebSocket)
                        .build()).newHandshaker(request);
        if (handshaker == null) {
            if (s != null && sid == null) s.execute(s::shutdown); // releases what the handshake took
            server.stats().refuse(Refusal.BAD_REQUEST);
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return;
        }
        handshaker.handshake(ctx.channel(), request);
        ChannelPipeline p = ctx.pipeline();
        while (p.last() != this) p.removeLast(); // Parley's own WebSocket and HTTP routes: not for this connection
        if (s == null) {
            server.stats().refuse(Refusal.SESSION_LIMIT);
            log.debug("socket.io: WebSocket handshake from {} refused: {}", remote, refusal);
            edge.becameWebSocket(ctx.channel());
            SessionTransport.closeWebSocket(ctx.channel(), WebSocketCloseStatus.TRY_AGAIN_LATER, refusal);
            return;
        }
        p.addLast("socketio-frames", new WebSocketFrameAggregator(server.settings().maxPayloadBytes()));
        p.addLast("socketio-websocket", new EngineWebSocket(server, s));
        edge.becameWebSocket(ctx.channel()); // drops this handler too
        EngineSession session = s;
        if (sid == null) session.execute(() -> session.startWebSocket(ctx.channel()));
        else session.execute(() -> session.probe(ctx.channel()));
    }

    private static void preflight(HttpReplies.Exchange x, FullHttpRequest request) {
        var r = HttpReplies.response(HttpResponseStatus.NO_CONTENT, "text/plain; charset=utf-8", "");
        String asked = request.headers().get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS);
        r.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, OPTIONS")
                .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS,
                        asked != null && asked.matches("[A-Za-z0-9_, -]{1,200}") ? asked : "Content-Type")
                .set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, "600");
        r.headers().remove(HttpHeaderNames.CONTENT_TYPE);
        HttpReplies.send(x, r, false);
    }

    /** Answers with an Engine.IO error (400, or 403 for FORBIDDEN) and counts it; {@code x} null: closing the connection. */
    private void refuse(ChannelHandlerContext ctx, HttpReplies.Exchange x, Refusal reason, int code, String message) {
        refuse(ctx, x, reason, code == HttpReplies.FORBIDDEN ? HttpResponseStatus.FORBIDDEN : HttpResponseStatus.BAD_REQUEST, code, message);
    }

    /** Answers with an Engine.IO error and counts it; {@code x} null: without CORS headers, closing the connection. */
    private void refuse(ChannelHandlerContext ctx, HttpReplies.Exchange x, Refusal reason, HttpResponseStatus status, int code, String message) {
        server.stats().refuse(reason);
        log.debug("socket.io: {} from {}: {}", status.code(), ctx.channel().remoteAddress(), message);
        var body = new StringBuilder("{\"code\":").append(code).append(",\"message\":\"");
        com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(message, body);
        var r = HttpReplies.response(status, "application/json", body.append("\"}").toString());
        HttpReplies.send(x != null ? x : new HttpReplies.Exchange(ctx.channel(), null), r, x == null);
    }

    private static boolean isUpgrade(FullHttpRequest request) {
        return request.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)
                && HttpHeaderValues.WEBSOCKET.contentEqualsIgnoreCase(request.headers().get(HttpHeaderNames.UPGRADE, ""));
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The body as text, or null if it is not valid UTF-8. */
    private static String utf8(ByteBuf content) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(content.nioBuffer()).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
