package dev.parley.turn.testing;

import dev.parley.turn.auth.Credentials;
import dev.parley.turn.auth.RestApiCredentials;
import dev.parley.turn.auth.StaticUsers;
import dev.parley.turn.net.TurnServer;
import dev.parley.turn.policy.Cidr;
import dev.parley.turn.policy.PeerPolicy;
import dev.parley.turn.server.TurnConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A real TURN server on 127.0.0.1 with a hand-moved clock. Users alice/wonderland and
 * bob/builder, REST credentials with {@link #SECRET}; loopback peers allowed unless a test says
 * otherwise; the unauthenticated rate limit, the per-user and the per-address quotas out of the way
 * unless a test sets them (every client here is on 127.0.0.1).
 */
public final class TurnFixture implements AutoCloseable {
    public static final String SECRET = "fixture-shared-secret-0123456789";
    public final FakeClock clock = new FakeClock();
    public final RestApiCredentials rest = new RestApiCredentials(SECRET, clock.asClock());
    public final TurnServer server;

    private TurnFixture(UnaryOperator<TurnConfig.Builder> customise, TurnServer.Listeners listeners) throws IOException, InterruptedException {
        this(ip("127.0.0.1"), customise, listeners);
    }

    private TurnFixture(InetAddress relayIPv4, UnaryOperator<TurnConfig.Builder> customise, TurnServer.Listeners listeners)
            throws IOException, InterruptedException {
        Credentials credentials = Credentials.anyOf(List.of(new StaticUsers(Map.of("alice", "wonderland", "bob", "builder")), rest));
        TurnConfig.Builder b = TurnConfig.builder(credentials, relayIPv4)
                .peerPolicy(PeerPolicy.allowing(List.of(Cidr.parse("127.0.0.0/8"))))
                .unauthenticatedRate(1_000_000, 1_000_000)
                .maxAllocations(TurnConfig.DEFAULT_MAX_ALLOCATIONS, 1000) // UDP allocations outlive the tests' sockets
                .maxAllocationsPerAddress(TurnConfig.DEFAULT_MAX_ALLOCATIONS)
                .clock(clock);
        server = TurnServer.start(customise.apply(b).build(), listeners);
    }

    public static TurnFixture start(UnaryOperator<TurnConfig.Builder> customise) throws IOException, InterruptedException {
        return new TurnFixture(customise, TurnServer.Listeners.loopbackAnyPorts());
    }

    public static TurnFixture start(UnaryOperator<TurnConfig.Builder> customise, TurnServer.Listeners listeners) throws IOException, InterruptedException {
        return new TurnFixture(customise, listeners);
    }

    /** A server on ::1 relaying IPv6 only (no IPv4 relay address). */
    public static TurnFixture startIpv6Only(UnaryOperator<TurnConfig.Builder> customise) throws IOException, InterruptedException {
        return new TurnFixture(null, b -> customise.apply(b.relayIPv6(ip("::1"), null)), new TurnServer.Listeners("::1", 0, 0, -1, null, 2));
    }

    public InetSocketAddress udp() {
        return new InetSocketAddress(ip("127.0.0.1"), server.udpPort());
    }

    /** The UDP listener over IPv6 (the fixture must listen on {@code ::} or {@code ::1}). */
    public InetSocketAddress udp6() {
        return new InetSocketAddress(ip("::1"), server.udpPort());
    }

    /** Alice over IPv6, from ::1. */
    public TurnClient alice6() throws IOException {
        return new TurnClient(udp6(), "alice", "wonderland");
    }

    public TurnClient client(String user, String password) throws IOException {
        return new TurnClient(udp(), user, password);
    }

    /** A client whose socket is bound to {@code local}, e.g. 127.0.0.2 for "another address". */
    public TurnClient client(String user, String password, InetAddress local) throws IOException {
        return new TurnClient(udp(), local, user, password);
    }

    public TurnClient alice() throws IOException {
        return client("alice", "wonderland");
    }

    public static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal); // literals only: no name lookups
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
