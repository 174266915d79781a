package dev.parley.server.net;

import dev.parley.server.core.Hub;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
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
import dev.parley.server.turn.TurnIceServers;
import java.util.function.IntSupplier;

/**
 * The pipeline is the architecture: [TLS] → HTTP codec → keep-alive → request aggregation →
 * origin check → WebSocket upgrade at {@value #WEBSOCKET_PATH} → plain HTTP routes (web app,
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
    /** The app's files never change while running: one cache for every listener. */
    private static final StaticFiles WEB = new StaticFiles("/web");

    public SignalingChannelInitializer(Hub hub, int maxFrameBytes, SslContext ssl, Connections connections, IntSupplier httpsPort,
            TurnIceServers ice, ConnectionGuards guards, HttpEndpoints endpoints) {
        this.endpoints = endpoints;
        this.ice = ice;
        this.guards = guards;
        this.hub = hub;
        this.maxFrameBytes = maxFrameBytes;
        this.ssl = ssl;
        this.connections = connections;
        this.httpsPort = httpsPort;
    }

    /** Handlers that only serve plain HTTP; a connection drops them once it is a WebSocket. */
    static final List<String> HTTP_ONLY = List.of("keep-alive", "origin", "routes");

    @Override
    protected void initChannel(SocketChannel ch) {
        connections.opened(ch);
        ChannelPipeline p = ch.pipeline();
        if (ssl != null) p.addLast("tls", ssl.newHandler(ch.alloc()));
        p.addLast("http", new HttpServerCodec(4096, MAX_HTTP_HEADER_BYTES, 8192));
        p.addLast("keep-alive", new HttpServerKeepAliveHandler());
        p.addLast("http-aggregator", new HttpObjectAggregator(MAX_HTTP_BODY_BYTES));
        p.addLast("origin", new OriginCheck(guards.allowedOrigins()));
        p.addLast("websocket", new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                .websocketPath(WEBSOCKET_PATH)
                .handshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MILLIS)
                .decoderConfig(WebSocketDecoderConfig.newBuilder().maxFramePayloadLength(maxFrameBytes)
                        .withUTF8Validator(false).build()) // TextFrames checks whole messages, faster
                .handleCloseFrames(false) // the session tells a client's goodbye from a lost connection
                .build()));
        p.addLast("routes", new HttpRoutes(WEB, httpsPort, ice, endpoints));
        p.addLast("ws-aggregator", new WebSocketFrameAggregator(maxFrameBytes));
        p.addLast("close-watch", new CloseWatch());
        p.addLast("text", new TextFrames());
        p.addLast("session", new SessionHandler(hub, maxFrameBytes, connections, guards));
    }
}
