package dev.parley.server.turn;

import dev.parley.turn.auth.RestApiCredentials;
import dev.parley.turn.policy.Cidr;
import dev.parley.turn.server.TurnConfig;
import java.net.Inet4Address;
import java.net.Inet6Address;
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
 * @param relayIp IPv4 address relay sockets bind to (also advertised unless {@code externalIp} is set), or null for none
 * @param externalIp public address of {@code relayIp} behind a 1:1 NAT, or null
 * @param advertisedHost host name put in the TURN URLs, or null for the one each client used to reach Parley
 * @param advertiseTls whether to hand out {@code turns:} URLs (only with a certificate browsers trust)
 * @param externalUrls TURN URLs of other servers (e.g. coturn with {@code use-auth-secret}) sharing {@code secret}
 * @param maxAllocationsPerAddress allocations one client address may hold, whichever users it authenticates as
 * @param maxConnectionsPerAddress TURN TCP/TLS connections one client address may hold open
 * @param maxConnections TURN TCP/TLS connections open in total
 * @param authTimeout how long a TURN TCP/TLS connection may stay open without an allocation
 * @param relayIpv6 IPv6 address relay sockets bind to, or null for none (one of {@code relayIp} and this is needed)
 * @param externalIpv6 public address of {@code relayIpv6}, or null
 * @param defaultFamily the relayed address family of an Allocate that names none
 * @param unauthenticatedRate answers to unauthenticated requests one client address (IPv6: /64) may draw a second,
 *     in Binding answers (a 401 costs about three)
 * @param unauthenticatedBurst the same, at once
 * @param threads event loops relaying, each with its own UDP socket on the TURN port (the kernel keeps each client on one)
 */
public record TurnOptions(String listenHost, int port, int tlsPort, InetAddress relayIp, InetAddress externalIp, int minPort,
        int maxPort, List<Cidr> allowPeers, String secret, Map<String, String> users, Duration credentialTtl,
        int maxAllocations, int maxAllocationsPerUser, long bitsPerSecond, String advertisedHost, boolean advertiseTls,
        List<String> externalUrls, int maxAllocationsPerAddress, int maxConnectionsPerAddress, int maxConnections,
        Duration authTimeout, InetAddress relayIpv6, InetAddress externalIpv6, TurnConfig.DefaultFamily defaultFamily,
        int unauthenticatedRate, int unauthenticatedBurst, int threads) {
    /** Most relay threads accepted: past the cores of any machine Parley runs on, loops only wake more. */
    public static final int MAX_THREADS = 256;
    /**
     * Relay threads by default: one per core (up to the maximum), for the capacity a busy relay needs. Fewer cost less
     * at light load (each loop sleeps and is woken on its own): on two cores one thread spent 0.6 of
     * two threads' CPU per packet with 10 clients × 1,000 packets/s, but lost 6–13% of 50 clients'
     * packets in a run where two lost none (docs/turn.md).
     */
    public static final int DEFAULT_THREADS = Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors());
    /** The least burst: the largest answer an unauthenticated request draws (a 401 with FINGERPRINT, about 3) must fit. */
    public static final int MIN_UNAUTHENTICATED_BURST = 10;

    /** How long minted credentials stay valid: a call outlasting it keeps its allocation, new ones need a reconnect. */
    public static final Duration DEFAULT_CREDENTIAL_TTL = Duration.ofHours(12);

    public TurnOptions {
        Objects.requireNonNull(listenHost, "listenHost");
        if (relayIp == null && relayIpv6 == null) throw new IllegalArgumentException("a TURN relay address is needed, IPv4 or IPv6");
        if (relayIp != null && !(relayIp instanceof Inet4Address)) throw new IllegalArgumentException("the IPv4 relay address must be IPv4: " + relayIp);
        if (relayIpv6 != null && !(relayIpv6 instanceof Inet6Address)) throw new IllegalArgumentException("the IPv6 relay address must be IPv6: " + relayIpv6);
        if (externalIp != null && (relayIp == null || !(externalIp instanceof Inet4Address))) {
            throw new IllegalArgumentException("--turn-external-ip " + externalIp.getHostAddress() + " needs an IPv4 --turn-relay-ip");
        }
        if (externalIpv6 != null && (relayIpv6 == null || !(externalIpv6 instanceof Inet6Address))) {
            throw new IllegalArgumentException("--turn-external-ip " + externalIpv6.getHostAddress() + " needs an IPv6 --turn-relay-ip");
        }
        Objects.requireNonNull(defaultFamily, "defaultFamily");
        if (unauthenticatedRate < 1) throw new IllegalArgumentException("--turn-unauthenticated-rate must be at least 1");
        if (unauthenticatedBurst < MIN_UNAUTHENTICATED_BURST) {
            throw new IllegalArgumentException("--turn-unauthenticated-burst must be at least " + MIN_UNAUTHENTICATED_BURST);
        }
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
        if (threads < 1 || threads > MAX_THREADS) throw new IllegalArgumentException("--turn-threads must be 1 to " + MAX_THREADS);
    }

    /** With the default relay threads. */
    public TurnOptions(String listenHost, int port, int tlsPort, InetAddress relayIp, InetAddress externalIp, int minPort,
            int maxPort, List<Cidr> allowPeers, String secret, Map<String, String> users, Duration credentialTtl,
            int maxAllocations, int maxAllocationsPerUser, long bitsPerSecond, String advertisedHost, boolean advertiseTls,
            List<String> externalUrls, int maxAllocationsPerAddress, int maxConnectionsPerAddress, int maxConnections,
            Duration authTimeout, InetAddress relayIpv6, InetAddress externalIpv6, TurnConfig.DefaultFamily defaultFamily,
            int unauthenticatedRate, int unauthenticatedBurst) {
        this(listenHost, port, tlsPort, relayIp, externalIp, minPort, maxPort, allowPeers, secret, users, credentialTtl,
                maxAllocations, maxAllocationsPerUser, bitsPerSecond, advertisedHost, advertiseTls, externalUrls,
                maxAllocationsPerAddress, maxConnectionsPerAddress, maxConnections, authTimeout, relayIpv6, externalIpv6, defaultFamily,
                unauthenticatedRate, unauthenticatedBurst, DEFAULT_THREADS);
    }

    /** An IPv4 relay only, with the TURN server's default per-address, connection and time limits. */
    public TurnOptions(String listenHost, int port, int tlsPort, InetAddress relayIp, InetAddress externalIp, int minPort,
            int maxPort, List<Cidr> allowPeers, String secret, Map<String, String> users, Duration credentialTtl,
            int maxAllocations, int maxAllocationsPerUser, long bitsPerSecond, String advertisedHost, boolean advertiseTls,
            List<String> externalUrls) {
        this(listenHost, port, tlsPort, relayIp, externalIp, minPort, maxPort, allowPeers, secret, users, credentialTtl,
                maxAllocations, maxAllocationsPerUser, bitsPerSecond, advertisedHost, advertiseTls, externalUrls,
                TurnConfig.DEFAULT_MAX_ALLOCATIONS_PER_ADDRESS, TurnConfig.DEFAULT_MAX_STREAMS_PER_ADDRESS,
                TurnConfig.DEFAULT_MAX_STREAMS, TurnConfig.DEFAULT_STREAM_AUTH_TIMEOUT);
    }

    /** An IPv4 relay only, with the TURN server's default unauthenticated limits. */
    public TurnOptions(String listenHost, int port, int tlsPort, InetAddress relayIp, InetAddress externalIp, int minPort,
            int maxPort, List<Cidr> allowPeers, String secret, Map<String, String> users, Duration credentialTtl,
            int maxAllocations, int maxAllocationsPerUser, long bitsPerSecond, String advertisedHost, boolean advertiseTls,
            List<String> externalUrls, int maxAllocationsPerAddress, int maxConnectionsPerAddress, int maxConnections,
            Duration authTimeout) {
        this(listenHost, port, tlsPort, relayIp, externalIp, minPort, maxPort, allowPeers, secret, users, credentialTtl,
                maxAllocations, maxAllocationsPerUser, bitsPerSecond, advertisedHost, advertiseTls, externalUrls,
                maxAllocationsPerAddress, maxConnectionsPerAddress, maxConnections, authTimeout, null, null,
                TurnConfig.DefaultFamily.CLIENT, (int) TurnConfig.DEFAULT_UNAUTHENTICATED_PER_SECOND, TurnConfig.DEFAULT_UNAUTHENTICATED_BURST);
    }

    public TurnOptions withSecret(String secret) {
        return new TurnOptions(listenHost, port, tlsPort, relayIp, externalIp, minPort, maxPort, allowPeers, secret, users,
                credentialTtl, maxAllocations, maxAllocationsPerUser, bitsPerSecond, advertisedHost, advertiseTls, externalUrls,
                maxAllocationsPerAddress, maxConnectionsPerAddress, maxConnections, authTimeout, relayIpv6, externalIpv6, defaultFamily,
                unauthenticatedRate, unauthenticatedBurst, threads);
    }

    /** The same with an IPv6 relay address (and its public address behind 1:1 NAT, or null) beside or instead of the IPv4 one. */
    public TurnOptions withIpv6Relay(InetAddress relay, InetAddress external) {
        return new TurnOptions(listenHost, port, tlsPort, relayIp, externalIp, minPort, maxPort, allowPeers, secret, users,
                credentialTtl, maxAllocations, maxAllocationsPerUser, bitsPerSecond, advertisedHost, advertiseTls, externalUrls,
                maxAllocationsPerAddress, maxConnectionsPerAddress, maxConnections, authTimeout, relay, external, defaultFamily,
                unauthenticatedRate, unauthenticatedBurst, threads);
    }

    /** The relay addresses, IPv4 first. */
    public List<InetAddress> relayIps() {
        return java.util.stream.Stream.of(relayIp, relayIpv6).filter(Objects::nonNull).toList();
    }

    /** The addresses peers are told (external where given), IPv4 first. */
    public List<InetAddress> advertisedRelayIps() {
        return java.util.stream.Stream.of(externalIp != null ? externalIp : relayIp, externalIpv6 != null ? externalIpv6 : relayIpv6)
                .filter(Objects::nonNull).toList();
    }

    /** Whether the built-in server runs at all. */
    public boolean builtIn() {
        return port >= 0 || tlsPort >= 0;
    }
}
