package dev.parley.server;

import dev.parley.cluster.redis.RedisCluster;
import dev.parley.core.Hub;
import dev.parley.server.net.ConnectionLimiter;
import dev.parley.server.net.Connections;
import dev.parley.server.net.OwnNames;
import dev.parley.server.tls.CertificateNames;
import dev.parley.server.tls.LocalAddresses;
import dev.parley.server.tls.ReloadingSslContext;
import java.util.ArrayList;
import java.util.List;
import dev.parley.server.net.SignalingChannelInitializer;
import dev.parley.server.socketio.ConnectRefused;
import dev.parley.server.socketio.SocketIoApp;
import dev.parley.server.socketio.SocketIoServer;
import dev.parley.server.socketio.SocketIoSettings;
import dev.parley.server.metrics.Metrics;
import dev.parley.server.net.HttpEndpoints;
import dev.parley.server.net.WebRoot;
import dev.parley.server.turn.EmbeddedTurn;
import dev.parley.turn.policy.SensitiveBlocks;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.ssl.SslContext;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutorGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running Parley server: the signaling hub behind HTTP and, if configured, HTTPS listeners, and the built-in TURN server. */
public final class ParleyServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ParleyServer.class);
    /** How long closing waits for clients at each step before moving on. */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(2);
    /** How long a cluster node that stops waits for its sessions to be set aside for other nodes. */
    static final Duration DRAIN_WAIT = Duration.ofSeconds(5);
    /** Event-loop threads: the cores, or {@code -Dparley.ioThreads}. */
    static final int IO_THREADS = Integer.getInteger("parley.ioThreads", io.netty.util.NettyRuntime.availableProcessors());
    /** Threads for sessions' messages in a cluster, where a step may wait for Redis (up to its command timeout). */
    static final int SESSION_THREADS = Integer.getInteger("parley.sessionThreads", 64);

    private final Hub hub;
    /** This node's membership in a cluster, or null for one node in memory. */
    private final RedisCluster cluster;
    /** Where sessions' messages are handled in a cluster; null: on the event loops. */
    private final EventExecutorGroup sessionThreads;
    private final EmbeddedTurn turn;
    private final Metrics metrics;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ScheduledExecutorService timers;
    private final Channel http;
    private final Channel https;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Connections connections = new Connections();
    /** Shared by both listeners: their connections count together against one limit. */
    private final ConnectionLimiter limiter;
    private final OwnNames names;
    /** The operator's own pages, or null. */
    private final WebRoot webRoot;
    /** The Socket.IO endpoint at /socket.io/ on both listeners. */
    private final SocketIoServer socketIo;
    /** HTTPS's (and TURN's TLS) context, following the certificate files; null without HTTPS. */
    private final ReloadingSslContext ssl;

    private ParleyServer(ServerConfig config, SocketIoApp socketIoApp) throws IOException, InterruptedException {
        var pool = new ScheduledThreadPoolExecutor(1, new DefaultThreadFactory("parley-timers", true));
        pool.setRemoveOnCancelPolicy(true);
        timers = Executors.unconfigurableScheduledExecutorService(pool);
        // Looked at again only once the server runs (end of this constructor): a failed start leaves no task behind.
        ssl = config.https() == null ? null : ReloadingSslContext.of(config.tls().certificate(), config.tls().privateKey());
        cluster = config.cluster() == null ? null : RedisCluster.join(config.cluster().redis(), config.cluster().node());
        try {
            if (cluster != null) config = withClusterSecrets(config, cluster);
            turn = config.turn() == null ? null : EmbeddedTurn.start(config.turn(), ssl);
        } catch (RuntimeException e) {
            if (cluster != null) cluster.close();
            throw e;
        }
        var signaling = turn == null ? config.signaling()
                : config.signaling().withIceServers(turn.iceServers().andThen(config.signaling().iceServers()));
        metrics = new Metrics();
        hub = cluster == null ? new Hub(signaling, timers, metrics, config.access())
                : new Hub(signaling, timers, metrics, config.access(), System::nanoTime, cluster.sharedState(signaling.resume()));
        // A cluster's steps wait for Redis: on threads of their own, never on an event loop.
        sessionThreads = cluster == null ? null : new DefaultEventExecutorGroup(SESSION_THREADS, new DefaultThreadFactory("parley-session", true));
        metrics.watch(hub);
        if (cluster != null) metrics.watch(cluster.stats());
        limiter = new ConnectionLimiter(config.listeners().maxConnectionsPerAddress(), connectionLimit(config));
        metrics.watch(limiter);
        names = ownNames(config);
        webRoot = config.webRoot() == null ? null : webRoot(config.webRoot());
        // The seeds' socket.io clients (docs/compat.md); tests may put another application there.
        SocketIoApp app = socketIoApp != null ? socketIoApp : new dev.parley.server.dialect.SeedSocketIo(hub);
        socketIo = new SocketIoServer(app, SocketIoSettings.of(config.guards().heartbeat(), config.signaling().guards().helloTimeout(),
                config.signaling().maxFrameBytes(), config.maxOutboundBytes()), sessionThreads);
        metrics.watch(socketIo.stats());
        if (turn != null && turn.engine() != null) {
            metrics.watch(turn.engine());
            metrics.dangerousPeersAllowed(SensitiveBlocks.anyOpenedBy(config.turn().allowPeers()));
        }
        boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("parley-accept"), Transport.ioHandler());
        // One loop per core, not Netty's two: a relayed message often crosses loops, and on a small
        // machine every extra loop thread costs wake-ups and context switches (measured: bench/signaling).
        workers = new MultiThreadIoEventLoopGroup(IO_THREADS, new DefaultThreadFactory("parley-io"), Transport.ioHandler());
        try {
            http = bind(config, config.http(), null);
            https = config.https() == null ? null : bind(config, config.https(), ssl);
        } catch (IOException | InterruptedException | RuntimeException e) {
            shutdown();
            throw e;
        }
        if (ssl != null) ssl.watch(timers, ReloadingSslContext.CHECK_EVERY);
    }

    /**
     * Every node of a cluster signs resume tokens with one key and hands out TURN credentials with
     * one secret, so that what one node gave a client is good on the next.
     */
    private static ServerConfig withClusterSecrets(ServerConfig config, RedisCluster cluster) {
        var resume = config.signaling().resume();
        config = config.withSignaling(config.signaling().withResume(resume.withKey(cluster.shareSecret("resume-key", resume.key(), false))));
        if (config.turn() == null) return config;
        byte[] turnSecret = cluster.shareSecret("turn-secret", config.turn().secret().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                config.cluster().turnSecretGiven());
        return config.withTurn(config.turn().withSecret(new String(turnSecret, java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** The operator's pages; a warning names the built-in files they hide (Parley's app at /r/<room> loads them). */
    private static WebRoot webRoot(java.nio.file.Path dir) throws IOException {
        var root = new WebRoot(dir);
        var hidden = root.hides(SignalingChannelInitializer::isBuiltInFile);
        if (!hidden.isEmpty()) {
            log.warn("--web-root {} has files of the built-in app's names, which it serves instead of the app's own: {}. "
                    + "Parley's app at /r/<room> will load them; rename them or move them into a folder", root.directory(), hidden);
        }
        log.info("serving the pages in {} (--web-root)", root.directory());
        return root;
    }

    /** Binds the configured ports and starts serving; fails if a port cannot be bound. */
    public static ParleyServer start(ServerConfig config) throws IOException, InterruptedException {
        return new ParleyServer(config, null);
    }

    /** With this application behind the Socket.IO endpoint (tests). */
    public static ParleyServer start(ServerConfig config, SocketIoApp socketIoApp) throws IOException, InterruptedException {
        return new ParleyServer(config, socketIoApp);
    }

    public Hub hub() {
        return hub;
    }

    /** The built-in TURN server, or null when TURN is off. */
    public EmbeddedTurn turn() {
        return turn;
    }

    /** Why this server takes no new work now ({@code /readyz} 503), or null. */
    private String notReady() {
        if (closed.get()) return "shutting down";
        return cluster == null ? null : cluster.unavailable();
    }

    /** The bound HTTP port (useful when the configured port was 0). */
    public int httpPort() {
        return ((InetSocketAddress) http.localAddress()).getPort();
    }

    /**
     * Looks at the certificate and key files now rather than at the next regular look (every
     * {@link ReloadingSslContext#CHECK_EVERY}): true if they changed and new connections get the new pair.
     */
    public boolean checkCertificate() {
        return ssl != null && ssl.check();
    }

    /** The bound HTTPS port, or -1 when HTTPS is off. */
    public int httpsPort() {
        return https == null ? -1 : ((InetSocketAddress) https.localAddress()).getPort();
    }

    /**
     * Stops listening, tells every WebSocket client to reconnect (1012, service restart) and closes
     * every connection, then stops the threads. Safe to call more than once.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        if (http != null) http.close().syncUninterruptibly();
        if (https != null) https.close().syncUninterruptibly();
        socketIo.close();
        connections.closeAll(CLOSE_GRACE);
        // Clients were told to reconnect: in a cluster another node takes their sessions over.
        if (cluster != null) cluster.drain(DRAIN_WAIT);
        shutdown();
    }

    private void shutdown() {
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        if (sessionThreads != null) sessionThreads.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        timers.shutdownNow();
        if (cluster != null) cluster.close();
        if (turn != null) turn.close();
        metrics.close();
    }

    private Channel bind(ServerConfig config, ServerConfig.Endpoint at, SslContext ssl) throws IOException, InterruptedException {
        var bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(Transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .handler(limiter)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(config.maxOutboundBytes() / 2, config.maxOutboundBytes()))
                .childHandler(new SignalingChannelInitializer(hub, config.signaling().maxFrameBytes(), ssl, connections, this::httpsPort,
                        turn == null ? null : turn.iceServers(), config.guards(),
                        new HttpEndpoints(metrics::scrape, this::notReady, config.access(), webRoot),
                        new SignalingChannelInitializer.Listener(ssl != null && config.tls().trusted(), config.listeners(), limiter, names,
                                this::httpPort), sessionThreads, socketIo));
        var future = bootstrap.bind(at.host(), at.port()).await();
        if (!future.isSuccess()) {
            throw new IOException("cannot listen on " + at.host() + ":" + at.port() + ": " + future.cause().getMessage(), future.cause());
        }
        var bound = (InetSocketAddress) future.channel().localAddress();
        log.info("listening on {}://{} ({}; at most {} connections, {} per address)", ssl == null ? "http" : "https",
                NetUtil.toSocketAddressString(bound), Transport.name(), limiter.max(), config.listeners().maxConnectionsPerAddress());
        return future.channel();
    }

    /** The HTTP listeners' total: configured, or what the open-file limit leaves beside a built-in TURN server at its limits. */
    static int connectionLimit(ServerConfig config) {
        var turn = config.turn();
        boolean builtIn = turn != null && turn.builtIn();
        return config.listeners().effectiveMaxConnections(builtIn ? turn.maxAllocations() : 0, builtIn ? turn.maxConnections() : 0);
    }

    /**
     * This server's own names: the certificate's, the TURN host name and addresses, the listeners' and
     * this machine's addresses, and this machine's name (with {@code .local} for mDNS) whether or not a
     * given certificate names it, so a LAN page at {@code https://mypc.local:8443} may open the
     * WebSocket. No name a client sends is looked up.
     */
    private static OwnNames ownNames(ServerConfig config) {
        List<String> hosts = new ArrayList<>();
        if (config.tls() != null) hosts.addAll(CertificateNames.of(config.tls().certificate()));
        if (config.turn() != null) {
            hosts.add(config.turn().advertisedHost());
            config.turn().relayIps().forEach(a -> hosts.add(NetUtil.toAddressString(a)));
            config.turn().advertisedRelayIps().forEach(a -> hosts.add(NetUtil.toAddressString(a)));
        }
        hosts.add(config.http().host());
        if (config.https() != null) hosts.add(config.https().host());
        LocalAddresses.all().forEach(a -> hosts.add(NetUtil.toAddressString(a)));
        hosts.addAll(LocalAddresses.names(LocalAddresses.hostName()));
        hosts.removeIf(h -> h == null || h.equals("0.0.0.0") || h.equals("::"));
        return new OwnNames(hosts);
    }

}
