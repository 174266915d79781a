package dev.parley.server.socketio;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The Socket.IO endpoint at {@value #PATH}, shared by the HTTP and HTTPS listeners (a session may
 * poll over either): its sessions, settings and application. Each listener's pipeline gets a
 * {@link #postAggregator()} and a {@link #handler(Edge)} from it.
 */
public final class SocketIoServer {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SocketIoServer.class);
    public static final String PATH = "/socket.io/";
    /** 128 random bits: the session id is all a poll needs to act as the session's client. */
    private static final int SID_BYTES = 16;

    private final SocketIoApp app;
    private final SocketIoSettings settings;
    /** Sessions' executors in a cluster (the application may wait for Redis there); null: the handshake's event loop. */
    private final EventExecutorGroup sessionThreads;
    private final SocketIoStats stats = new SocketIoStats();
    private final ConcurrentMap<String, EngineSession> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final ClientScripts scripts = new ClientScripts();
    private volatile boolean closed;

    public SocketIoServer(SocketIoApp app, SocketIoSettings settings, EventExecutorGroup sessionThreads) {
        this.app = Objects.requireNonNull(app, "app");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.sessionThreads = sessionThreads;
    }

    public SocketIoStats stats() {
        return stats;
    }

    public SocketIoSettings settings() {
        return settings;
    }

    SocketIoApp app() {
        return app;
    }

    ClientScripts scripts() {
        return scripts;
    }

    /** For a listener's pipeline, before its own request aggregator: takes POSTs to the endpoint, up to {@code maxPayloadBytes}. */
    public ChannelHandler postAggregator() {
        return new PostAggregator(this);
    }

    /** For a listener's pipeline, after its origin check: the endpoint's requests and WebSocket upgrades. */
    public ChannelHandler handler(Edge edge) {
        return new EngineHttpHandler(this, edge);
    }

    EngineSession session(String sid) {
        return sid == null ? null : sessions.get(sid);
    }

    /** A new session for a handshake already admitted by the listener's limits; null if the server is closing. */
    EngineSession open(Channel channel, int version, Edge edge, InetSocketAddress remote, String host,
            Map<String, List<String>> query) {
        if (closed) return null;
        EventExecutor executor = sessionThreads != null ? sessionThreads.next() : channel.eventLoop();
        while (true) {
            byte[] id = new byte[SID_BYTES];
            random.nextBytes(id);
            String sid = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
            var session = new EngineSession(this, sid, version, executor, edge, remote, host, query);
            if (sessions.putIfAbsent(sid, session) == null) {
                stats.opened();
                return session;
            }
        }
    }

    void ended(EngineSession session, SocketIoStats.End reason) {
        // Counted inside the removal, so a request that finds the sid gone (a 400) sees it counted.
        sessions.computeIfPresent(session.sid, (sid, s) -> {
            if (s != session) return s;
            stats.end(reason);
            return null;
        });
    }

    /** A POST to the session {@code sid} (may be null) was over the payload limit: Engine.IO's client gives up on it, so does the server. */
    void oversized(String sid) {
        stats.refuse(SocketIoStats.Refusal.OVERSIZE);
        log.debug("socket.io: a POST over {} bytes refused (413)", settings.maxPayloadBytes());
        EngineSession s = session(sid);
        if (s != null) s.execute(() -> s.refusedPost("payload larger than " + settings.maxPayloadBytes() + " bytes"));
    }

    /** Ends every session (WebSocket clients are told to reconnect); new handshakes are refused from now on. */
    public void close() {
        closed = true;
        for (EngineSession s : sessions.values()) {
            if (!s.execute(s::shutdown)) ended(s, SocketIoStats.End.SHUTDOWN);
        }
    }
}
