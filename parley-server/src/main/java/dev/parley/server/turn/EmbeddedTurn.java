package dev.parley.server.turn;

import dev.parley.turn.allocation.RelayStats;
import dev.parley.turn.auth.Credentials;
import dev.parley.turn.auth.RestApiCredentials;
import dev.parley.turn.auth.StaticUsers;
import dev.parley.turn.net.TurnServer;
import dev.parley.turn.policy.PeerPolicy;
import dev.parley.turn.policy.SensitiveBlocks;
import dev.parley.turn.server.TurnConfig;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The built-in TURN server as Parley runs it (or only the credentials, when TURN is external). */
public final class EmbeddedTurn implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedTurn.class);

    private final TurnServer server;
    private final TurnIceServers iceServers;

    private EmbeddedTurn(TurnServer server, TurnIceServers iceServers) {
        this.server = server;
        this.iceServers = iceServers;
    }

    /** Starts the built-in server if the options ask for it; {@code tls} is needed for a TLS listener. */
    public static EmbeddedTurn start(TurnOptions o, SslContext tls) throws IOException, InterruptedException {
        // Names further ahead than our own TTL were not minted here: refused, so no credential outlives it.
        RestApiCredentials rest = new RestApiCredentials(o.secret(), Clock.systemUTC(), o.credentialTtl());
        if (!o.builtIn()) return new EmbeddedTurn(null, new TurnIceServers(o, rest, -1, -1));
        if (SensitiveBlocks.anyOpenedBy(o.allowPeers())) {
            log.warn("DANGER: the TURN relay may reach this machine or the cloud metadata service: --turn-allow-peer {}"
                    + " (accepted with --turn-allow-dangerous-peers). Anyone holding TURN credentials can reach services on them.",
                    o.allowPeers());
        }
        Credentials credentials = o.users().isEmpty() ? rest : Credentials.anyOf(List.of(new StaticUsers(o.users()), rest));
        TurnConfig config = TurnConfig.builder(credentials, o.relayIp())
                .advertisedIPv4(o.externalIp())
                .relayIPv6(o.relayIpv6(), o.externalIpv6())
                .defaultFamily(o.defaultFamily())
                .unauthenticatedRate(o.unauthenticatedRate(), o.unauthenticatedBurst())
                .peerPolicy(PeerPolicy.allowing(o.allowPeers()))
                .ports(o.minPort(), o.maxPort())
                .maxAllocations(o.maxAllocations(), o.maxAllocationsPerUser())
                .bitsPerSecond(o.bitsPerSecond())
                .maxAllocationsPerAddress(o.maxAllocationsPerAddress())
                .maxStreams(o.maxConnections(), o.maxConnectionsPerAddress())
                .streamAuthTimeout(o.authTimeout())
                .build();
        int tlsPort = tls == null ? -1 : o.tlsPort();
        TurnServer server;
        try {
            server = TurnServer.start(config, new TurnServer.Listeners(o.listenHost(), o.port(), o.port(), tlsPort,
                    tlsPort >= 0 ? tls : null, o.threads()));
        } catch (IOException e) {
            throw new IOException(e.getMessage() + " (is another STUN/TURN server running? choose --turn-port and "
                    + "--turn-tls-port, or --no-turn)", e);
        }
        return new EmbeddedTurn(server, new TurnIceServers(o, rest, server.udpPort(), server.tlsPort()));
    }

    /** The credentials and URLs handed out: per session in welcome, and at /api/ice. */
    public TurnIceServers iceServers() {
        return iceServers;
    }

    /** The running engine, or null when TURN is external. */
    public dev.parley.turn.server.TurnEngine engine() {
        return server == null ? null : server.engine();
    }

    /** The running server's counters, or null when TURN is external. */
    public RelayStats stats() {
        return server == null ? null : server.engine().stats();
    }

    public int udpPort() {
        return server == null ? -1 : server.udpPort();
    }

    public int tlsPort() {
        return server == null ? -1 : server.tlsPort();
    }

    @Override
    public void close() {
        if (server != null) server.close();
    }
}
