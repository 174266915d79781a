package dev.parley.server.turn;

import dev.parley.turn.auth.RestApiCredentials;
import dev.parley.turn.policy.Cidr;
import dev.parley.turn.server.TurnConfig;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How Parley runs and hands out TURN: the built-in server (ports of -1 turn a listener off, all of
 * them off means no built-in server) and external servers sharing the REST secret.
 *
 * @param listenHost address the TURN listeners bind to
 * @param relayIp address relay sockets bind to; also advertised unless {@code externalIp} is set
 * @param externalIp public address of {@code relayIp} behind a 1:1 NAT, or null
 * @param advertisedHost host name put in the TURN URLs, or null for the one each client used to reach Parley
 * @param advertiseTls whether to hand out {@code turns:} URLs (only with a certificate browsers trust)
 * @param externalUrls TURN URLs of other servers (e.g. coturn with {@code use-auth-secret}) sharing {@code secret}
 * @param maxAllocationsPerAddress allocations one client address may hold, whichever users it authenticates as
 * @param maxConnectionsPerAddress TURN TCP/TLS connections one client address may hold open
 * @param maxConnections TURN TCP/TLS connections open in total
 * @param authTimeout how long a TURN TCP/TLS connection may stay open without an allocation
 */
public record TurnOptions(String listenHost, int port, int tlsPort, InetAddress relayIp, InetAddress externalIp, int minPort,
        int maxPort, List<Cidr> allowPeers, String secret, Map<String, String> users, Duration credentialTtl,
        int maxAllocations, int maxAllocationsPerUser, long bitsPerSecond, String advertisedHost, boolean advertiseTls,
        List<String> externalUrls, int maxAllocationsPerAddress, int maxConnectionsPerAddress, int maxConnections,
        Duration authTimeout) {
    /** How long minted credentials stay valid: a call outlasting it keeps its allocation, new ones need a reconnect. */
    public static final Duration DEFAULT_CREDENTIAL_TTL = Duration.ofHours(12);

    public TurnOptions {
        Objects.requireNonNull(listenHost, "listenHost");
        Objects.requireNonNull(relayIp, "relayIp");
        Objects.requireNonNull(secret, "secret");
        allowPeers = List.copyOf(allowPeers);
        users = Map.copyOf(users);
        externalUrls = List.copyOf(externalUrls);
        if (maxAllocationsPerAddress < 1) throw new IllegalArgumentException("--turn-max-allocations-per-ip must be at least 1");
        if (maxConnectionsPerAddress < 1) throw new IllegalArgumentException("--turn-max-connections-per-ip must be at least 1");
        if (maxConnections < 1) throw new IllegalArgumentException("--turn-max-connections must be at least 1");
        Objects.requireNonNull(authTimeout, "authTimeout");
        if (authTimeout.compareTo(Duration.ofSeconds(1)) < 0 || authTimeout.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("--turn-auth-timeout must be between 1s and 1h");
        }
        for (String url : externalUrls) IceUrls.check(url, true);
        if (advertisedHost != null) advertisedHost = IceUrls.urlHost(advertisedHost);
        Objects.requireNonNull(credentialTtl, "credentialTtl");
        // Minting refuses anything longer (and nothing, or less than a second, is no credential at all).
        if (credentialTtl.compareTo(Duration.ofSeconds(1)) < 0 || credentialTtl.compareTo(RestApiCredentials.MAX_TTL) > 0) {
            throw new IllegalArgumentException("TURN credential lifetime must be 1s to " + RestApiCredentials.MAX_TTL.toHours() + "h, not " + credentialTtl);
        }
        if (port < -1 || port > 65535 || tlsPort < -1 || tlsPort > 65535) throw new IllegalArgumentException("TURN ports must be -1 (off) to 65535");
    }

    /** With the TURN server's default per-address, connection and time limits. */
    public TurnOptions(String listenHost, int port, int tlsPort, InetAddress relayIp, InetAddress externalIp, int minPort,
            int maxPort, List<Cidr> allowPeers, String secret, Map<String, String> users, Duration credentialTtl,
            int maxAllocations, int maxAllocationsPerUser, long bitsPerSecond, String advertisedHost, boolean advertiseTls,
            List<String> externalUrls) {
        this(listenHost, port, tlsPort, relayIp, externalIp, minPort, maxPort, allowPeers, secret, users, credentialTtl,
                maxAllocations, maxAllocationsPerUser, bitsPerSecond, advertisedHost, advertiseTls, externalUrls,
                TurnConfig.DEFAULT_MAX_ALLOCATIONS_PER_ADDRESS, TurnConfig.DEFAULT_MAX_STREAMS_PER_ADDRESS,
                TurnConfig.DEFAULT_MAX_STREAMS, TurnConfig.DEFAULT_STREAM_AUTH_TIMEOUT);
    }

    public TurnOptions withSecret(String secret) {
        return new TurnOptions(listenHost, port, tlsPort, relayIp, externalIp, minPort, maxPort, allowPeers, secret, users,
                credentialTtl, maxAllocations, maxAllocationsPerUser, bitsPerSecond, advertisedHost, advertiseTls, externalUrls,
                maxAllocationsPerAddress, maxConnectionsPerAddress, maxConnections, authTimeout);
    }

    /** Whether the built-in server runs at all. */
    public boolean builtIn() {
        return port >= 0 || tlsPort >= 0;
    }
}
