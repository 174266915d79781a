package dev.parley.turn.net;

import dev.parley.turn.allocation.FiveTuple;
import dev.parley.turn.io.DatagramSockets;
import dev.parley.turn.io.Transport;
import dev.parley.turn.server.TurnConfig;
import dev.parley.turn.server.TurnEngine;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TURN server's listeners: UDP and TCP (RFC 8656 §3.1, default 3478) and TLS (default 5349),
 * all feeding one {@link TurnEngine}. UDP can be spread over several sockets on one port with
 * SO_REUSEPORT, the kernel keeping each client on one socket (and so one event loop).
 */
public final class TurnServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TurnServer.class);
    public static final int DEFAULT_PORT = 3478, DEFAULT_TLS_PORT = 5349;
    /** How often expired allocations, reservations and idle rate-limit entries are cleared. */
    public static final Duration SWEEP_INTERVAL = Duration.ofSeconds(1);
    /**
     * A TCP/TLS connection that sends nothing for this long is closed; a live client refreshes well
     * within it. One without an allocation goes much sooner ({@link TurnConfig#streamAuthTimeout()}).
     */
    public static final Duration STREAM_IDLE_TIMEOUT = TurnConfig.MAX_LIFETIME.plusSeconds(60);
    /** Tries at one free port for both UDP and TCP when both are "any port". */
    private static final int SHARED_PORT_ATTEMPTS = 8;

    /**
     * Where to listen. A port of 0 picks a free one; -1 turns that listener off. TLS needs a context.
     *
     * @param udpSockets how many event loops relay, each with its own UDP socket on the UDP port (the kernel
     *     keeps each client on one); TCP and TLS connections are spread over the same loops
     */
    public record Listeners(String host, int udpPort, int tcpPort, int tlsPort, SslContext tls, int udpSockets) {
        public Listeners {
            if (tlsPort >= 0 && tls == null) throw new IllegalArgumentException("a TLS listener needs a certificate");
            if (udpSockets < 1) throw new IllegalArgumentException("udpSockets must be at least 1");
        }

        /** Two loops, so the paths between loops that a server on several cores takes are exercised. */
        public static Listeners loopbackAnyPorts() {
            return new Listeners("127.0.0.1", 0, 0, -1, null, 2);
        }
    }

    private final Transport io = Transport.best();
    private final TurnEngine engine;
    private final StreamGate streams;
    private final EventLoopGroup group;
    private final List<Channel> channels = new ArrayList<>();
    private int udpPort = -1, tcpPort = -1, tlsPort = -1;

    private TurnServer(TurnEngine engine, int threads) {
        this.engine = engine;
        this.streams = new StreamGate(engine.config().maxStreamsPerAddress(), engine.config().maxStreams(), engine.stats());
        this.group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("parley-turn"), io.ioHandler());
    }

    public static TurnServer start(TurnConfig config, Listeners listeners) throws IOException, InterruptedException {
        TurnServer server = new TurnServer(new TurnEngine(config), listeners.udpSockets());
        try {
            server.listen(listeners);
        } catch (IOException | InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
        server.group.next().scheduleAtFixedRate(server.engine::sweep, SWEEP_INTERVAL.toMillis(), SWEEP_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        return server;
    }

    private void listen(Listeners l) throws IOException, InterruptedException {
        // With "any port" for TCP, it takes the port UDP got, so one number serves both as 3478 does; when
        // UDP's was "any port" too and that port is taken on TCP (e.g. as a connection's local port), UDP tries another.
        boolean sharePort = l.udpPort() == 0 && l.tcpPort() == 0;
        for (int attempt = 1; ; attempt++) {
            int bound = channels.size();
            if (l.udpPort() >= 0) udpPort = listenUdp(l);
            if (l.tcpPort() < 0) break;
            try {
                tcpPort = listenStream(l.host(), l.tcpPort() == 0 && udpPort > 0 ? udpPort : l.tcpPort(), null);
                break;
            } catch (IOException e) {
                if (!sharePort || attempt == SHARED_PORT_ATTEMPTS) throw e;
                closeFrom(bound);
            }
        }
        if (l.tlsPort() >= 0) tlsPort = listenStream(l.host(), l.tlsPort(), l.tls());
        log.info("TURN listening on {} (udp {}, tcp {}, tls {}; {}, {} relay thread{})", l.host(), udpPort, tcpPort, tlsPort,
                io.name().toLowerCase(), l.udpSockets(), l.udpSockets() == 1 ? "" : "s");
    }

    private int listenUdp(Listeners l) throws IOException, InterruptedException {
        InetAddress host = InetAddress.getByName(l.host());
        if (l.udpPort() != 0 || l.udpSockets() == 1) return listenUdp(l, host, l.udpPort());
        // The kernel's "any port" for a SO_REUSEPORT socket may be a port another group of this user's
        // sockets shares (another server's): take a port nobody holds with a plain socket, then bind them all to it.
        for (int attempt = 1; ; attempt++) {
            int bound = channels.size();
            int free;
            try (var probe = new java.net.DatagramSocket(new InetSocketAddress(host, 0))) {
                free = probe.getLocalPort();
            }
            try {
                return listenUdp(l, host, free);
            } catch (IOException e) {
                if (attempt == SHARED_PORT_ATTEMPTS) throw e;
                closeFrom(bound);
            }
        }
    }

    private int listenUdp(Listeners l, InetAddress host, int port) throws IOException, InterruptedException {
        ChannelFactory<DatagramChannel> datagrams = io.datagrams(host);
        for (int i = 0; i < l.udpSockets(); i++) {
            boolean share = l.udpSockets() > 1;
            Bootstrap b = new Bootstrap().group(group).handler(new UdpListener(engine)).channelFactory(() -> {
                DatagramChannel c = datagrams.newChannel();
                DatagramSockets.tune(c);
                if (share) DatagramSockets.reusePort(c);
                return c;
            });
            port = ((InetSocketAddress) bind(b.bind(host, port), "udp", l.host(), port).localAddress()).getPort();
        }
        return port;
    }

    /** Closes and forgets the listeners bound since {@code channels} held {@code bound} of them (a failed attempt's). */
    private void closeFrom(int bound) {
        List<Channel> attempt = channels.subList(bound, channels.size());
        attempt.forEach(c -> c.close().syncUninterruptibly());
        attempt.clear();
    }

    private int listenStream(String host, int port, SslContext tls) throws IOException, InterruptedException {
        FiveTuple.Transport transport = tls == null ? FiveTuple.Transport.TCP : FiveTuple.Transport.TLS;
        ServerBootstrap b = new ServerBootstrap().group(group).channel(io.serverChannel())
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.ALLOCATOR, DatagramSockets.ALLOCATOR)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, DatagramSockets.WATER_MARK)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        var source = ch.remoteAddress().getAddress();
                        if (!streams.tryAcquire(source)) {
                            ch.close(); // before any buffer or TLS state is set up for it
                            return;
                        }
                        ch.closeFuture().addListener(f -> streams.release(source));
                        if (tls != null) ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                        ch.pipeline().addLast(new IdleStateHandler(0, 0, STREAM_IDLE_TIMEOUT.toSeconds(), TimeUnit.SECONDS) {
                            @Override
                            protected void channelIdle(io.netty.channel.ChannelHandlerContext ctx, io.netty.handler.timeout.IdleStateEvent e) {
                                ctx.close();
                            }
                        });
                        StreamClient client = new StreamClient(engine, transport, engine.config().streamAuthTimeout());
                        ch.pipeline().addLast(new StreamFramer(client), client);
                    }
                });
        return ((InetSocketAddress) bind(b.bind(host, port), transport.name().toLowerCase(), host, port).localAddress()).getPort();
    }

    private Channel bind(ChannelFuture f, String what, String host, int port) throws IOException, InterruptedException {
        f.await();
        if (!f.isSuccess()) throw new IOException("cannot listen on " + what + " " + host + ":" + port + ": " + f.cause().getMessage(), f.cause());
        channels.add(f.channel());
        return f.channel();
    }

    public TurnEngine engine() {
        return engine;
    }

    public int udpPort() {
        return udpPort;
    }

    public int tcpPort() {
        return tcpPort;
    }

    public int tlsPort() {
        return tlsPort;
    }

    /** TCP and TLS connections open now. */
    public int openStreams() {
        return streams.open();
    }

    @Override
    public void close() {
        channels.forEach(c -> c.close().syncUninterruptibly());
        engine.close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
