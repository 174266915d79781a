package dev.parley.server.net;

import dev.parley.core.Hub;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.util.List;
import io.netty.handler.ssl.SslContext;
import dev.parley.server.socketio.SocketIoServer;
import dev.parley.server.turn.TurnIceServers;
import java.util.function.IntSupplier;

/**
 * The pipeline is the architecture: (on the listening socket: connection limits) → request clock →
 * [TLS] → HTTP codec → request clock → [HSTS] → keep-alive → request aggregation → request check
 * (414, 431, 505) → origin check → [Socket.IO at {@code /socket.io/}] → seed 003's upgrade at {@code /webrtc/} (swaps the session handler for
 * its dialect) → WebSocket upgrade at {@value #WEBSOCKET_PATH} → plain HTTP routes (web app,
 * health) → fragment aggregation → one Parley session per socket (which puts a heartbeat in front
 * once upgraded).
 */
public final class SignalingChannelInitializer extends ChannelInitializer<SocketChannel> {
    public static final String WEBSOCKET_PATH = "/ws";
    /** Request line plus headers; browsers send well under this. */
    static final int MAX_HTTP_HEADER_BYTES = 16 * 1024;
    /** Parley serves no uploads: a request body is at most this. */
    static final int MAX_HTTP_BODY_BYTES = 8 * 1024;
    /** A client that opens a socket must finish the WebSocket handshake within this. */
    static final long HANDSHAKE_TIMEOUT_MILLIS = 10_000;

    private final Hub hub;
    private final int maxFrameBytes;
    private final SslContext ssl;
    private final Connections connections;
    private final IntSupplier httpsPort;
    private final TurnIceServers ice;
    private final ConnectionGuards guards;
    private final HttpEndpoints endpoints;
    private final Listener listener;
    /**
     * Where sessions' messages are handled when that may block (a cluster's steps wait for Redis),
     * so no event loop waits; null to handle them on the connection's event loop.
     */
    private final EventExecutorGroup sessionThreads;
    /** The Socket.IO endpoint ({@code /socket.io/}), or null for none. */
    private final SocketIoServer socketIo;
    /** The app's files never change while running: one cache for every listener. */
    private static final StaticFiles WEB = new StaticFiles("/web");

    /** Whether the built-in app has a file at this URL path. */
    public static boolean isBuiltInFile(String path) {
        return WEB.get(path) != null;
    }

    public SignalingChannelInitializer(Hub hub, int maxFrameBytes, SslContext ssl, Connections connections, IntSupplier httpsPort,
            TurnIceServers ice, ConnectionGuards guards, HttpEndpoints endpoints, Listener listener, EventExecutorGroup sessionThreads,
            SocketIoServer socketIo) {
        this.sessionThreads = sessionThreads;
        this.socketIo = socketIo;
        this.endpoints = endpoints;
        this.listener = listener;
        this.ice = ice;
        this.guards = guards;
        this.hub = hub;
        this.maxFrameBytes = maxFrameBytes;
        this.ssl = ssl;
        this.connections = connections;
        this.httpsPort = httpsPort;
    }

    /**
     * What one listener adds to the shared settings.
     *
     * @param hsts whether HTTPS responses carry HSTS (a certificate the operator gave)
     * @param limits request and idle timeouts, and who may read {@code /metrics}
     * @param counts where connections closed by a timeout are counted
     * @param names this server's own host names, for Origin and TURN URLs
     * @param httpPort the bound HTTP port
     */
    public record Listener(boolean hsts, ListenerGuards limits, ConnectionLimiter counts, OwnNames names, IntSupplier httpPort) {}

    /** Handlers that only serve plain HTTP; a connection drops them once it is a WebSocket. */
    static final List<String> HTTP_ONLY = List.of("request-bytes", "request-clock", "hsts", "keep-alive", "socketio-aggregator",
            "http-aggregator", "request-check", "origin", "socketio", "seed003", "routes");

    @Override
    protected void initChannel(SocketChannel ch) {
        connections.opened(ch);
        ChannelPipeline p = ch.pipeline();
        var deadlines = new RequestDeadlines(listener.limits(), listener.counts());
        p.addLast("request-bytes", deadlines.bytes()); // the clock runs from opening: the TLS handshake counts
        if (ssl != null) p.addLast("tls", ssl.newHandler(ch.alloc()));
        p.addLast("http", new HttpServerCodec(4096, MAX_HTTP_HEADER_BYTES, 8192));
        p.addLast("request-clock", deadlines.messages());
        if (ssl != null && listener.hsts()) p.addLast("hsts", new StrictTransport());
        p.addLast("keep-alive", new HttpServerKeepAliveHandler());
        if (socketIo != null) p.addLast("socketio-aggregator", socketIo.postAggregator()); // its POSTs may carry up to a frame
        p.addLast("http-aggregator", new HttpObjectAggregator(MAX_HTTP_BODY_BYTES));
        p.addLast("request-check", new RequestCheck());
        var origin = new OriginCheck(guards.allowedOrigins(), listener.names(), listener.httpPort(), httpsPort);
        p.addLast("origin", origin);
        if (socketIo != null) p.addLast("socketio", socketIo.handler(new SocketIoEdge(connections, guards, origin, listener.names())));
        p.addLast("seed003", new dev.parley.server.dialect.Seed003Upgrade(hub, maxFrameBytes, connections, guards, listener.names(), sessionThreads));
        p.addLast("websocket", new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                .websocketPath(WEBSOCKET_PATH)
                .handshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MILLIS)
                .decoderConfig(WebSocketDecoderConfig.newBuilder().maxFramePayloadLength(maxFrameBytes)
                        .withUTF8Validator(false) // TextFrames checks whole messages, faster
                        // The session sends the close frame: Netty sends none after the client's own close.
                        .closeOnProtocolViolation(false).build())
                .handleCloseFrames(false) // the session tells a client's goodbye from a lost connection
                .build()));
        p.addLast("routes", new HttpRoutes(WEB, httpsPort, ice, endpoints, listener.names(),
                new MetricsGate(listener.limits().metricsToken()), ssl != null));
        p.addLast("ws-aggregator", new WebSocketFrameAggregator(maxFrameBytes));
        p.addLast("close-watch", new CloseWatch());
        p.addLast("text", new TextFrames());
        p.addLast(sessionThreads, "session", new SessionHandler(hub, maxFrameBytes, connections, guards, listener.names(), sessionThreads));
    }
}
